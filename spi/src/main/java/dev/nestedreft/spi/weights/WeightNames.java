package dev.nestedreft.spi.weights;

import com.google.common.collect.ImmutableMap;
import dev.nestedreft.spi.model.ModelSpec;

/**
 * The Hugging Face tensor names of a Llama/Qwen2 checkpoint and the shapes a {@link ModelSpec} requires of
 * them. Linear weights are stored {@code [out_features, in_features]} as in PyTorch.
 */
public final class WeightNames {
  public static final String EMBED = "model.embed_tokens.weight";
  public static final String FINAL_NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";

  public static final String INPUT_NORM = "input_layernorm.weight";
  public static final String POST_ATTENTION_NORM = "post_attention_layernorm.weight";
  public static final String Q_PROJ = "self_attn.q_proj";
  public static final String K_PROJ = "self_attn.k_proj";
  public static final String V_PROJ = "self_attn.v_proj";
  public static final String O_PROJ = "self_attn.o_proj";
  public static final String GATE_PROJ = "mlp.gate_proj";
  public static final String UP_PROJ = "mlp.up_proj";
  public static final String DOWN_PROJ = "mlp.down_proj";

  private WeightNames() {}

  /** {@code model.layers.{layer}.{suffix}}. */
  public static String layer(int layer, String suffix) {
    return "model.layers." + layer + "." + suffix;
  }

  /** The weight of a linear module, such as {@code layer(3, Q_PROJ) + ".weight"}. */
  public static String weight(int layer, String module) {
    return layer(layer, module + ".weight");
  }

  public static String bias(int layer, String module) {
    return layer(layer, module + ".bias");
  }

  /** The name the head reads its matrix from: the embedding when tied. */
  public static String headSource(ModelSpec spec) {
    return spec.tieWordEmbeddings() ? EMBED : LM_HEAD;
  }

  /**
   * Every tensor the spec needs, in checkpoint order (embedding, layers in order, final norm, head), with its
   * shape. A tied model has no {@code lm_head.weight}.
   */
  public static ImmutableMap<String, long[]> expected(ModelSpec spec) {
    ImmutableMap.Builder<String, long[]> out = ImmutableMap.builder();
    long h = spec.hiddenSize();
    out.put(EMBED, new long[] {spec.vocabSize(), h});
    for (int i = 0; i < spec.numHiddenLayers(); i++) {
      out.putAll(expectedForLayer(spec, i));
    }
    out.put(FINAL_NORM, new long[] {h});
    if (!spec.tieWordEmbeddings()) {
      out.put(LM_HEAD, new long[] {spec.vocabSize(), h});
    }
    return out.build();
  }

  /** The tensors of decoder layer {@code i} with their shapes. */
  public static ImmutableMap<String, long[]> expectedForLayer(ModelSpec spec, int i) {
    ImmutableMap.Builder<String, long[]> out = ImmutableMap.builder();
    long h = spec.hiddenSize();
    long q = spec.qDim();
    long kv = spec.kvDim();
    long ff = spec.intermediateSize();
    out.put(layer(i, INPUT_NORM), new long[] {h});
    out.put(weight(i, Q_PROJ), new long[] {q, h});
    out.put(weight(i, K_PROJ), new long[] {kv, h});
    out.put(weight(i, V_PROJ), new long[] {kv, h});
    if (spec.qkvBias()) {
      out.put(bias(i, Q_PROJ), new long[] {q});
      out.put(bias(i, K_PROJ), new long[] {kv});
      out.put(bias(i, V_PROJ), new long[] {kv});
    }
    out.put(weight(i, O_PROJ), new long[] {h, q});
    if (spec.outputBias()) {
      out.put(bias(i, O_PROJ), new long[] {h});
    }
    out.put(layer(i, POST_ATTENTION_NORM), new long[] {h});
    out.put(weight(i, GATE_PROJ), new long[] {ff, h});
    out.put(weight(i, UP_PROJ), new long[] {ff, h});
    out.put(weight(i, DOWN_PROJ), new long[] {h, ff});
    return out.build();
  }
}
