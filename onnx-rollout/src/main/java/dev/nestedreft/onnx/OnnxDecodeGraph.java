package dev.nestedreft.onnx;

import static dev.nestedreft.onnx.OnnxGraphBuilder.Attr.i;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.nestedreft.onnx.OnnxGraphBuilder.Attr;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.Collection;
import java.util.Map;

/**
 * The key-value-cache generation graph for plans of {@code m} decoder layers. The weights are graph <em>inputs</em>
 * (named by slot, not by model layer), so one graph serves every plan with {@code m} layers and a weight refresh
 * feeds new tensors to the same session without rebuilding anything. Linear weights arrive pre-transposed
 * ({@code [in, out]}), q/k/v fused into one matrix and gate/up fused into another (see {@link PackedWeights}).
 *
 * <p>Inputs: {@code input_ids [B, S]} int64; {@code position_ids [B, S]} int64; {@code attention_bias
 * [B, 1, S, P + S]} float (0 for visible keys, {@link OnnxBlocks#MASKED} for padding and the future);
 * {@code past_key_k}, {@code past_value_k} {@code [B, kv_heads, P, head_dim]} for slots {@code k < m}; and the
 * weights. Outputs: {@code logits [B, vocab]} of the last position, and {@code present_key_k},
 * {@code present_value_k} {@code [B, kv_heads, P + S, head_dim]}. The cache holds the planned layers only.
 */
final class OnnxDecodeGraph {
  static final String INPUT_IDS = "input_ids";
  static final String POSITION_IDS = "position_ids";
  static final String ATTENTION_BIAS = "attention_bias";
  static final String LOGITS = "logits";

  static final String EMBED = "w.embed";
  static final String FINAL_NORM = "w.final_norm";
  static final String HEAD = "w.head";

  private OnnxDecodeGraph() {}

  static String pastKey(int slot) {
    return "past_key_" + slot;
  }

  static String pastValue(int slot) {
    return "past_value_" + slot;
  }

  static String presentKey(int slot) {
    return "present_key_" + slot;
  }

  static String presentValue(int slot) {
    return "present_value_" + slot;
  }

  /** The input name of weight {@code part} of slot {@code slot}, e.g. {@code w.3.qkv}. */
  static String slotWeight(int slot, String part) {
    return "w." + slot + "." + part;
  }

  static final String IN_NORM = "in_norm";
  static final String QKV = "qkv";
  static final String QKV_BIAS = "qkv_bias";
  static final String O = "o";
  static final String O_BIAS = "o_bias";
  static final String POST_NORM = "post_norm";
  static final String GATE_UP = "gate_up";
  static final String DOWN = "down";

  static ModelProto build(ModelSpec spec, int slots, String version) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("nested_reft_decode_" + slots + "_layers");
    OnnxBlocks blocks = new OnnxBlocks(g, spec);
    long h = spec.hiddenSize();
    long kvHeads = spec.numKeyValueHeads();
    long headDim = spec.headDim();
    long q = spec.qDim();
    long kv = spec.kvDim();
    long ff = spec.intermediateSize();

    g.input(INPUT_IDS, DataType.INT64, "batch", "seq");
    g.input(POSITION_IDS, DataType.INT64, "batch", "seq");
    g.input(ATTENTION_BIAS, DataType.FLOAT, "batch", 1L, "seq", "total");
    g.input(EMBED, DataType.FLOAT, (long) spec.vocabSize(), h);
    g.input(FINAL_NORM, DataType.FLOAT, h);
    g.input(HEAD, DataType.FLOAT, h, (long) spec.vocabSize());
    for (int k = 0; k < slots; k++) {
      g.input(pastKey(k), DataType.FLOAT, "batch", kvHeads, "past", headDim);
      g.input(pastValue(k), DataType.FLOAT, "batch", kvHeads, "past", headDim);
      g.input(slotWeight(k, IN_NORM), DataType.FLOAT, h);
      g.input(slotWeight(k, QKV), DataType.FLOAT, h, q + 2 * kv);
      if (spec.qkvBias()) {
        g.input(slotWeight(k, QKV_BIAS), DataType.FLOAT, q + 2 * kv);
      }
      g.input(slotWeight(k, O), DataType.FLOAT, q, h);
      if (spec.outputBias()) {
        g.input(slotWeight(k, O_BIAS), DataType.FLOAT, h);
      }
      g.input(slotWeight(k, POST_NORM), DataType.FLOAT, h);
      g.input(slotWeight(k, GATE_UP), DataType.FLOAT, h, 2 * ff);
      g.input(slotWeight(k, DOWN), DataType.FLOAT, ff, h);
    }

    String[] cosSin = blocks.rotary(blocks.toFloat(POSITION_IDS)); // [B, S, d]
    String axis1 = g.ints("axis1", 1);
    String cos = g.op("Unsqueeze", "cos_b1", cosSin[0], axis1);
    String sin = g.op("Unsqueeze", "sin_b1", cosSin[1], axis1);
    String mask = g.op("Tile", "bias_tiled", ATTENTION_BIAS, g.ints("group_repeats", 1, 1, spec.groupSize(), 1));
    String x = g.op("Gather", "embed", new Attr[] {i("axis", 0)}, EMBED, INPUT_IDS);
    String qkvSplit = g.ints("qkv_split", q, kv, kv);
    String ffSplit = g.ints("ff_split", ff, ff);
    for (int k = 0; k < slots; k++) {
      String hIn = blocks.rmsNorm(x, slotWeight(k, IN_NORM));
      String qkv = g.op("MatMul", "qkv", hIn, slotWeight(k, QKV));
      if (spec.qkvBias()) {
        qkv = g.op("Add", "qkv_b", qkv, slotWeight(k, QKV_BIAS));
      }
      String[] parts = g.multi("Split", "qkv_part", 3, new Attr[] {i("axis", -1)}, qkv, qkvSplit);
      String qh = blocks.rotate(blocks.heads(parts[0], spec.numAttentionHeads()), cos, sin);
      String kNew = blocks.rotate(blocks.heads(parts[1], spec.numKeyValueHeads()), cos, sin);
      String vNew = blocks.heads(parts[2], spec.numKeyValueHeads());
      // The concatenations are the present outputs themselves: no extra copy of the cache.
      String kAll = g.named("Concat", presentKey(k), new Attr[] {i("axis", 2)}, pastKey(k), kNew);
      String vAll = g.named("Concat", presentValue(k), new Attr[] {i("axis", 2)}, pastValue(k), vNew);
      g.declareOutput(kAll, DataType.FLOAT, "batch", kvHeads, "total", headDim);
      g.declareOutput(vAll, DataType.FLOAT, "batch", kvHeads, "total", headDim);
      String attn = g.op("MatMul", "o", blocks.attention(qh, kAll, vAll, mask), slotWeight(k, O));
      if (spec.outputBias()) {
        attn = g.op("Add", "o_b", attn, slotWeight(k, O_BIAS));
      }
      x = g.op("Add", "resid_attn", x, attn);
      String hPost = blocks.rmsNorm(x, slotWeight(k, POST_NORM));
      String[] gateUp = g.multi("Split", "gate_up", 2, new Attr[] {i("axis", -1)},
          g.op("MatMul", "gate_up_mm", hPost, slotWeight(k, GATE_UP)), ffSplit);
      x = g.op("Add", "resid_mlp", x, g.op("MatMul", "down", blocks.swiglu(gateUp[0], gateUp[1]),
          slotWeight(k, DOWN)));
    }
    // Only the last position's logits are needed to sample.
    String seqLen = g.op("Gather", "seq_len", new Attr[] {i("axis", 0)}, g.op("Shape", "x_shape", INPUT_IDS),
        g.scalarInt("one", 1));
    String last = g.op("Sub", "last_index", seqLen, g.scalarInt("one_b", 1));
    String xLast = g.op("Gather", "x_last", new Attr[] {i("axis", 1)}, x, last); // [B, H]
    g.named("MatMul", LOGITS, new Attr[0], blocks.rmsNorm(xLast, FINAL_NORM), HEAD);
    g.declareOutput(LOGITS, DataType.FLOAT, "batch", (long) spec.vocabSize());
    return g.model(version, Map.of("nested_reft.graph", "decode", "nested_reft.slots", Integer.toString(slots)));
  }

  /** The placeholder location of a weight whose data ONNX Runtime receives as an external initializer. */
  static final String EXTERNAL_LOCATION = "nested-reft-external-initializer";

  /**
   * {@code decode} with the graph inputs named in {@code weights} turned into initializers whose data is external
   * (a placeholder location, {@value #EXTERNAL_LOCATION}): a session of this graph must be given every one of them
   * with {@code SessionOptions.addExternalInitializers}, which then uses the caller's memory without a copy. Unlike
   * graph inputs, initializers are constants to ONNX Runtime, so its MatMul kernels pre-pack them once at session
   * creation; the price is a new session at every weight refresh.
   */
  static ModelProto withWeightInitializers(ModelProto decode, Collection<String> weights) {
    GraphProto.Builder graph = decode.getGraph().toBuilder();
    graph.clearInput();
    int converted = 0;
    for (ValueInfoProto in : decode.getGraph().getInputList()) {
      if (!weights.contains(in.getName())) {
        graph.addInput(in);
        continue;
      }
      TensorProto.Builder t = TensorProto.newBuilder().setName(in.getName())
          .setDataType(in.getType().getTensorType().getElemType())
          .setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(EXTERNAL_LOCATION));
      for (TensorShapeProto.Dimension d : in.getType().getTensorType().getShape().getDimList()) {
        if (!d.hasDimValue()) {
          throw new IllegalArgumentException("weight " + in.getName() + " has a symbolic dimension");
        }
        t.addDims(d.getDimValue());
      }
      graph.addInitializer(t);
      converted++;
    }
    if (converted != weights.size()) {
      throw new IllegalArgumentException("only " + converted + " of the " + weights.size()
          + " weights are inputs of the decode graph");
    }
    return decode.toBuilder().setGraph(graph).build();
  }
}
