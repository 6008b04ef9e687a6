package dev.nestedreft.onnx;

import static dev.nestedreft.onnx.OnnxGraphBuilder.Attr.i;
import static dev.nestedreft.onnx.OnnxGraphBuilder.Attr.ints;
import static dev.nestedreft.spi.weights.WeightNames.DOWN_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.GATE_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.INPUT_NORM;
import static dev.nestedreft.spi.weights.WeightNames.K_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.O_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.POST_ATTENTION_NORM;
import static dev.nestedreft.spi.weights.WeightNames.Q_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.UP_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.V_PROJ;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.nestedreft.onnx.OnnxGraphBuilder.Attr;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds the truncated-layer ONNX graph of a {@link LayerPlan}: the Hugging Face Llama/Qwen2 forward pass with
 * only the planned decoder layers present (their weights are the only layer weights stored), mapping
 * {@code input_ids [batch, sequence]} (int64) to {@code logits [batch, sequence, vocab]} (float32). Opset 17.
 *
 * <p>The computation mirrors {@code dev.nestedreft.tf.TfDecoderGraph} op for op: the same RoPE constants, the
 * same grouped-query folding and the same additive causal mask, so the two backends agree to rounding.
 */
final class OnnxDecoderGraph {
  static final String INPUT_IDS = "input_ids";
  static final String LOGITS = "logits";

  private final ModelSpec spec;
  private final WeightSet weights;
  private final OnnxGraphBuilder g;
  private final OnnxBlocks blocks;
  private final Set<String> stored = new HashSet<>();

  private OnnxDecoderGraph(ModelSpec spec, WeightSet weights, String name) {
    this.spec = spec;
    this.weights = weights;
    this.g = new OnnxGraphBuilder(name);
    this.blocks = new OnnxBlocks(g, spec);
  }

  /**
   * The model for {@code plan}. Weights are copied out of {@code weights}, which the caller keeps.
   *
   * @param metadata written to {@code metadata_props}
   */
  static ModelProto build(ModelSpec spec, WeightSet weights, LayerPlan plan, String version,
      Map<String, String> metadata) {
    weights.validateAgainst(spec, "weights");
    OnnxDecoderGraph graph = new OnnxDecoderGraph(spec, weights, "nested_reft_decoder_" + plan.size() + "_of_"
        + plan.numLayers());
    graph.forward(plan);
    return graph.g.model(version, metadata);
  }

  /** The initializer holding HF tensor {@code name}, added on first use. */
  private String weight(String name) {
    if (stored.add(name)) {
      g.addInitializer(name, weights.shape(name),
          weights.buffer(name).nioBuffer(0, (int) (WeightSet.elementCount(weights.shape(name)) * Float.BYTES))
              .order(ByteOrder.LITTLE_ENDIAN));
    }
    return name;
  }

  private void forward(LayerPlan plan) {
    g.input(INPUT_IDS, DataType.INT64, "batch", "sequence");
    String shape = g.op("Shape", "ids_shape", INPUT_IDS);
    String length = g.op("Gather", "length", new Attr[] {i("axis", 0)}, shape, g.scalarInt("one", 1));

    String x = g.op("Gather", "embed", new Attr[] {i("axis", 0)}, weight(WeightNames.EMBED), INPUT_IDS);

    String range = g.op("Range", "range", g.scalarInt("zero", 0), length, g.scalarInt("step", 1));
    String[] rotary = rotary(range);
    String mask = causalMask(range);
    for (int k = 0; k < plan.size(); k++) {
      x = layer(plan.layer(k), x, rotary, mask);
    }
    x = blocks.rmsNorm(x, weight(WeightNames.FINAL_NORM));
    String logits = g.op("MatMul", "logits", x, transposed(weight(WeightNames.headSource(spec))));
    g.output(LOGITS, logits, DataType.FLOAT, "batch", "sequence", (long) spec.vocabSize());
  }

  /** cos and sin, {@code [1, 1, sequence, head_dim]}. */
  private String[] rotary(String range) {
    String[] cosSin = blocks.rotary(blocks.toFloat(range));
    String outer = g.ints("axes01", 0, 1);
    return new String[] {g.op("Unsqueeze", "cos4d", cosSin[0], outer), g.op("Unsqueeze", "sin4d", cosSin[1], outer)};
  }

  /** Additive causal mask {@code [group * sequence, sequence]}: 0 where allowed, masked in the future. */
  private String causalMask(String range) {
    String row = g.op("Unsqueeze", "mask_i", range, g.ints("axis", 1));
    String col = g.op("Unsqueeze", "mask_j", range, g.ints("axis", 0));
    String allowed = blocks.toFloat(g.op("LessOrEqual", "le", col, row));
    String mask = g.op("Mul", "mask", g.op("Sub", "mask_sub", allowed, g.scalarFloat("f1", 1f)),
        g.scalarFloat("neg_masked", -OnnxBlocks.MASKED));
    return g.op("Tile", "mask_tiled", mask, g.ints("repeats", spec.groupSize(), 1));
  }

  private String transposed(String weight) {
    return g.op("Transpose", weight.replace('.', '_') + "_T", new Attr[] {ints("perm", 1, 0)}, weight);
  }

  private String linear(int layer, String x, String module, boolean bias) {
    String y = g.op("MatMul", "linear", x, transposed(weight(WeightNames.weight(layer, module))));
    return bias ? g.op("Add", "linear_bias", y, weight(WeightNames.bias(layer, module))) : y;
  }

  private String layer(int layer, String x, String[] rotary, String mask) {
    String h = blocks.rmsNorm(x, weight(WeightNames.layer(layer, INPUT_NORM)));
    x = g.op("Add", "resid_attn", x, attention(layer, h, rotary, mask));
    h = blocks.rmsNorm(x, weight(WeightNames.layer(layer, POST_ATTENTION_NORM)));
    String gate = linear(layer, h, GATE_PROJ, false);
    String up = linear(layer, h, UP_PROJ, false);
    String act = blocks.swiglu(gate, up);
    return g.op("Add", "resid_mlp", x, linear(layer, act, DOWN_PROJ, false));
  }

  private String attention(int layer, String h, String[] rotary, String mask) {
    int kvHeads = spec.numKeyValueHeads();
    String q = blocks.rotate(blocks.heads(linear(layer, h, Q_PROJ, spec.qkvBias()), spec.numAttentionHeads()),
        rotary[0], rotary[1]);
    String k = blocks.rotate(blocks.heads(linear(layer, h, K_PROJ, spec.qkvBias()), kvHeads), rotary[0], rotary[1]);
    String v = blocks.heads(linear(layer, h, V_PROJ, spec.qkvBias()), kvHeads);
    return linear(layer, blocks.attention(q, k, v, mask), O_PROJ, spec.outputBias());
  }
}
