package dev.nestedreft.spi.model;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nestedreft.spi.InvalidInputException;

/**
 * The architecture of a decoder-only model, with the fields and meanings of a Hugging Face Llama or Qwen2
 * {@code config.json}. Validated on construction: every size positive, heads divisible by key-value heads, an
 * even head dimension.
 *
 * @param modelType {@code model_type}
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size}, the SwiGLU inner width
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param numKeyValueHeads {@code num_key_value_heads} (grouped-query attention when fewer than the heads)
 * @param headDim {@code head_dim}; {@code hidden_size / num_attention_heads} when the config omits it
 * @param rmsNormEps {@code rms_norm_eps}
 * @param ropeTheta {@code rope_theta}
 * @param maxPositionEmbeddings {@code max_position_embeddings}
 * @param tieWordEmbeddings {@code tie_word_embeddings}: the head reuses {@code model.embed_tokens.weight}
 * @param attentionBias {@code attention_bias} (Llama); for Qwen2 q/k/v biases are implied by the type
 */
public record ModelSpec(
    ModelType modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean attentionBias) {

  public static final double DEFAULT_RMS_NORM_EPS = 1e-6;
  public static final double DEFAULT_ROPE_THETA = 10000.0;

  public ModelSpec {
    checkNotNull(modelType, "modelType");
    positive("vocab_size", vocabSize);
    positive("hidden_size", hiddenSize);
    positive("intermediate_size", intermediateSize);
    positive("num_hidden_layers", numHiddenLayers);
    positive("num_attention_heads", numAttentionHeads);
    positive("num_key_value_heads", numKeyValueHeads);
    positive("head_dim", headDim);
    positive("max_position_embeddings", maxPositionEmbeddings);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw InvalidInputException.of(
          "num_attention_heads (%d) must be a multiple of num_key_value_heads (%d)",
          numAttentionHeads, numKeyValueHeads);
    }
    if (headDim % 2 != 0) {
      throw InvalidInputException.of("head_dim must be even for rotary embeddings, got %d", headDim);
    }
    if (!(rmsNormEps > 0) || !Double.isFinite(rmsNormEps)) {
      throw InvalidInputException.of("rms_norm_eps must be a positive number, got %s", rmsNormEps);
    }
    if (!(ropeTheta > 0) || !Double.isFinite(ropeTheta)) {
      throw InvalidInputException.of("rope_theta must be a positive number, got %s", ropeTheta);
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw InvalidInputException.of("%s must be a positive integer, got %d", field, value);
    }
  }

  /** Whether q, k and v projections carry a bias. */
  public boolean qkvBias() {
    return modelType == ModelType.QWEN2 || attentionBias;
  }

  /** Whether the output projection carries a bias (Llama with {@code attention_bias} only). */
  public boolean outputBias() {
    return modelType == ModelType.LLAMA && attentionBias;
  }

  /** Query heads per key-value head. */
  public int groupSize() {
    return numAttentionHeads / numKeyValueHeads;
  }

  public int qDim() {
    return numAttentionHeads * headDim;
  }

  public int kvDim() {
    return numKeyValueHeads * headDim;
  }

  /** The full plan: every decoder layer in order. */
  public LayerPlan fullPlan() {
    return LayerPlan.full(numHiddenLayers);
  }

  /**
   * Checks that {@code plan} is for a model of this depth.
   *
   * @throws InvalidInputException naming the plan and both depths
   */
  public void checkPlan(LayerPlan plan) {
    if (plan.numLayers() != numHiddenLayers) {
      throw InvalidInputException.of("layer plan %s is for a %d-layer model, this model has %d layers", plan,
          plan.numLayers(), numHiddenLayers);
    }
  }

  /** Number of fp32 parameters, counting the head once when it is tied. */
  public long parameterCount() {
    long perLayer = 2L * hiddenSize
        + (long) hiddenSize * qDim()
        + 2L * hiddenSize * kvDim()
        + (long) qDim() * hiddenSize
        + 3L * hiddenSize * intermediateSize;
    if (qkvBias()) {
      perLayer += qDim() + 2L * kvDim();
    }
    if (outputBias()) {
      perLayer += hiddenSize;
    }
    long embed = (long) vocabSize * hiddenSize;
    return embed + (tieWordEmbeddings ? 0 : embed) + hiddenSize + perLayer * numHiddenLayers;
  }

  /** A builder starting from this spec, for presets and tests. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder() {
    return new Builder(null);
  }

  /** Builder with Hugging Face defaults for optional fields. */
  public static final class Builder {
    private ModelType modelType = ModelType.LLAMA;
    private int vocabSize;
    private int hiddenSize;
    private int intermediateSize;
    private int numHiddenLayers;
    private int numAttentionHeads;
    private int numKeyValueHeads;
    private int headDim;
    private double rmsNormEps = DEFAULT_RMS_NORM_EPS;
    private double ropeTheta = DEFAULT_ROPE_THETA;
    private int maxPositionEmbeddings = 2048;
    private boolean tieWordEmbeddings;
    private boolean attentionBias;

    private Builder(ModelSpec from) {
      if (from != null) {
        modelType = from.modelType;
        vocabSize = from.vocabSize;
        hiddenSize = from.hiddenSize;
        intermediateSize = from.intermediateSize;
        numHiddenLayers = from.numHiddenLayers;
        numAttentionHeads = from.numAttentionHeads;
        numKeyValueHeads = from.numKeyValueHeads;
        headDim = from.headDim;
        rmsNormEps = from.rmsNormEps;
        ropeTheta = from.ropeTheta;
        maxPositionEmbeddings = from.maxPositionEmbeddings;
        tieWordEmbeddings = from.tieWordEmbeddings;
        attentionBias = from.attentionBias;
      }
    }

    public Builder modelType(ModelType value) { modelType = value; return this; }
    public Builder vocabSize(int value) { vocabSize = value; return this; }
    public Builder hiddenSize(int value) { hiddenSize = value; return this; }
    public Builder intermediateSize(int value) { intermediateSize = value; return this; }
    public Builder numHiddenLayers(int value) { numHiddenLayers = value; return this; }
    public Builder numAttentionHeads(int value) { numAttentionHeads = value; return this; }
    public Builder numKeyValueHeads(int value) { numKeyValueHeads = value; return this; }
    /** Zero means {@code hidden_size / num_attention_heads}. */
    public Builder headDim(int value) { headDim = value; return this; }
    public Builder rmsNormEps(double value) { rmsNormEps = value; return this; }
    public Builder ropeTheta(double value) { ropeTheta = value; return this; }
    public Builder maxPositionEmbeddings(int value) { maxPositionEmbeddings = value; return this; }
    public Builder tieWordEmbeddings(boolean value) { tieWordEmbeddings = value; return this; }
    public Builder attentionBias(boolean value) { attentionBias = value; return this; }

    public ModelSpec build() {
      int kv = numKeyValueHeads == 0 ? numAttentionHeads : numKeyValueHeads;
      int hd = headDim;
      if (hd == 0) {
        if (numAttentionHeads <= 0 || hiddenSize % numAttentionHeads != 0) {
          throw InvalidInputException.of(
              "hidden_size (%d) must be a multiple of num_attention_heads (%d) when head_dim is not given",
              hiddenSize, numAttentionHeads);
        }
        hd = hiddenSize / numAttentionHeads;
      }
      return new ModelSpec(modelType, vocabSize, hiddenSize, intermediateSize, numHiddenLayers,
          numAttentionHeads, kv, hd, rmsNormEps, ropeTheta, maxPositionEmbeddings, tieWordEmbeddings,
          attentionBias);
    }
  }
}
