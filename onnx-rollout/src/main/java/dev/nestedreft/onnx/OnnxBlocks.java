package dev.nestedreft.onnx;

import static dev.nestedreft.onnx.OnnxGraphBuilder.Attr.i;
import static dev.nestedreft.onnx.OnnxGraphBuilder.Attr.ints;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.nestedreft.onnx.OnnxGraphBuilder.Attr;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.model.Rope;

/**
 * The building blocks both ONNX graphs share (the whole-sequence graph of {@link OnnxDecoderGraph} and the
 * key-value-cache graph of {@link OnnxDecodeGraph}): RMSNorm, RoPE, head reshapes, grouped-query attention and
 * the SwiGLU activation. Each method adds nodes to the builder and returns the output's name.
 */
final class OnnxBlocks {
  /** Added to the attention scores of masked keys; exp of it underflows to exactly zero in fp32. */
  static final float MASKED = -1e9f;

  private final OnnxGraphBuilder g;
  private final ModelSpec spec;

  OnnxBlocks(OnnxGraphBuilder g, ModelSpec spec) {
    this.g = g;
    this.spec = spec;
  }

  /** {@code w * x / sqrt(mean(x^2) + eps)} over the last axis. */
  String rmsNorm(String x, String weight) {
    String variance = g.op("ReduceMean", "variance", new Attr[] {ints("axes", -1), i("keepdims", 1)},
        g.op("Mul", "square", x, x));
    String inv = g.op("Reciprocal", "inv_rms",
        g.op("Sqrt", "rms", g.op("Add", "var_eps", variance, g.scalarFloat("eps", (float) spec.rmsNormEps()))));
    return g.op("Mul", "rms_scaled", weight, g.op("Mul", "normed", x, inv));
  }

  /**
   * cos and sin of the rotary angles for float positions of shape {@code [..., S]}: outputs of shape
   * {@code [..., S, head_dim]}.
   */
  String[] rotary(String floatPositions) {
    String column = g.op("Unsqueeze", "positions_col", floatPositions, g.ints("axis", -1));
    float[] inv = Rope.inverseFrequencies(spec);
    String freqs = g.op("Mul", "freqs", column, g.floats("inv_freq", new long[] {inv.length}, inv));
    String emb = g.op("Concat", "rope_emb", new Attr[] {i("axis", -1)}, freqs, freqs);
    return new String[] {g.op("Cos", "cos", emb), g.op("Sin", "sin", emb)};
  }

  /** {@code x * cos + rotate_half(x) * sin} with {@code rotate_half([a, b]) = [-b, a]}. */
  String rotate(String x, String cos, String sin) {
    long half = spec.headDim() / 2;
    String[] halves = g.multi("Split", "half", 2, new Attr[] {i("axis", -1)}, x, g.ints("split", half, half));
    String rotated = g.op("Concat", "rotated", new Attr[] {i("axis", -1)}, g.op("Neg", "neg", halves[1]), halves[0]);
    return g.op("Add", "roped", g.op("Mul", "x_cos", x, cos), g.op("Mul", "rot_sin", rotated, sin));
  }

  /** {@code [batch, seq, heads * head_dim]} to {@code [batch, heads, seq, head_dim]}. */
  String heads(String x, int heads) {
    String split = g.op("Reshape", "heads", x, g.ints("heads_shape", 0, 0, heads, spec.headDim()));
    return g.op("Transpose", "heads_t", new Attr[] {ints("perm", 0, 2, 1, 3)}, split);
  }

  /**
   * Grouped-query attention. {@code q} is {@code [B, heads, S, d]} (roped); {@code k} and {@code v} are
   * {@code [B, kv_heads, T, d]}; {@code additiveMask} broadcasts to {@code [B, kv_heads, group * S, T]}. The query
   * heads of one key-value group are folded into the sequence axis, so the products have equal batch dimensions.
   *
   * @return {@code [B, S, heads * d]}
   */
  String attention(String q, String k, String v, String additiveMask) {
    long headDim = spec.headDim();
    String grouped = g.op("Reshape", "grouped_q", q, g.ints("grouped_shape", 0, spec.numKeyValueHeads(), -1,
        headDim));
    String kt = g.op("Transpose", "k_t", new Attr[] {ints("perm", 0, 1, 3, 2)}, k);
    String scores = g.op("Mul", "scores", g.op("MatMul", "qk", grouped, kt),
        g.scalarFloat("scale", (float) (1.0 / Math.sqrt(headDim))));
    String probs = g.op("Softmax", "probs", new Attr[] {i("axis", -1)}, g.op("Add", "masked", scores, additiveMask));
    String context = g.op("MatMul", "context", probs, v);
    String perHead = g.op("Reshape", "per_head", context,
        g.ints("per_head_shape", 0, spec.numAttentionHeads(), -1, headDim));
    return g.op("Reshape", "merged",
        g.op("Transpose", "context_t", new Attr[] {ints("perm", 0, 2, 1, 3)}, perHead),
        g.ints("merged_shape", 0, 0, spec.qDim()));
  }

  /** {@code silu(gate) * up}. */
  String swiglu(String gate, String up) {
    return g.op("Mul", "swiglu", g.op("Mul", "silu", gate, g.op("Sigmoid", "sigmoid", gate)), up);
  }

  /** Casts an int64 tensor to float32. */
  String toFloat(String x) {
    return g.op("Cast", "as_float", new Attr[] {i("to", DataType.FLOAT.getNumber())}, x);
  }
}
