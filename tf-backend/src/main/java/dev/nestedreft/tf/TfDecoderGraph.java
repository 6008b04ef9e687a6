package dev.nestedreft.tf;

import static dev.nestedreft.spi.weights.WeightNames.DOWN_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.GATE_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.INPUT_NORM;
import static dev.nestedreft.spi.weights.WeightNames.K_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.O_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.POST_ATTENTION_NORM;
import static dev.nestedreft.spi.weights.WeightNames.Q_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.UP_PROJ;
import static dev.nestedreft.spi.weights.WeightNames.V_PROJ;

import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.model.Rope;
import dev.nestedreft.spi.weights.WeightNames;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds, with TensorFlow ops, the Hugging Face Llama/Qwen2 forward pass restricted to a {@link LayerPlan}:
 * embedding lookup, the planned decoder layers (RMSNorm, rotate-half RoPE, grouped-query causal attention,
 * SwiGLU MLP, residuals), the final norm and the head.
 *
 * <p>Linear layers work on {@code [batch * length, features]} matrices ({@code x W^T} with the PyTorch
 * {@code [out, in]} layout); attention works on {@code [batch, heads, length, head_dim]}. Grouped-query attention
 * folds the query heads of one key-value group into the length axis, so every matrix product is a plain batched
 * product with equal batch dimensions (no repeated keys, no broadcasting).
 */
final class TfDecoderGraph {
  /** Added to the scores of future positions; large enough that exp underflows to exactly zero. */
  static final float MASKED = -1e9f;

  private final Ops tf;
  private final ModelSpec spec;
  private final TfVariables weights;
  private final boolean rowGradients;
  private Embedded embedded;

  TfDecoderGraph(Ops tf, ModelSpec spec, TfVariables weights) {
    this(tf, spec, weights, false);
  }

  /**
   * @param rowGradients when true, no gradient flows from the embedding lookup into the embedding matrix: the
   *     learner takes the gradient of the looked-up rows ({@link #embedded()}) and adds it into the matrix's
   *     accumulator row by row, instead of TensorFlow materialising a dense gradient the size of the vocabulary
   */
  TfDecoderGraph(Ops tf, ModelSpec spec, TfVariables weights, boolean rowGradients) {
    this.tf = tf;
    this.spec = spec;
    this.weights = weights;
    this.rowGradients = rowGradients;
  }

  /** The embedding rows a forward pass looked up, {@code [batch * length, hidden]}, and their token ids. */
  record Embedded(Operand<TFloat32> rows, Operand<TInt32> ids) {}

  /** The lookup of the last {@link #logits} built; null before. */
  Embedded embedded() {
    return embedded;
  }

  /** The operands of one plan's forward pass. */
  record Forward(Placeholder<TInt32> inputIds, Operand<TFloat32> logits) {}

  /** Adds the forward pass of {@code plan} to the graph; input {@code [batch, length]} int32 token ids. */
  Forward build(LayerPlan plan) {
    Placeholder<TInt32> ids = tf.withName("input_ids").placeholder(TInt32.class);
    return new Forward(ids, logits(ids, plan));
  }

  /** The logits {@code [batch, length, vocab]} of {@code plan} for token ids {@code [batch, length]}. */
  Operand<TFloat32> logits(Operand<TInt32> ids, LayerPlan plan) {
    Operand<TInt32> idsShape = tf.shape(ids);
    Operand<TInt32> batch = tf.gather(idsShape, tf.constant(0), tf.constant(0));
    Operand<TInt32> length = tf.gather(idsShape, tf.constant(1), tf.constant(0));
    Dims dims = new Dims(batch, length);

    Operand<TInt32> flatIds = tf.reshape(ids, tf.constant(new int[] {-1}));
    Operand<TFloat32> table = weights.get(WeightNames.EMBED);
    Operand<TFloat32> x = tf.gather(rowGradients ? tf.stopGradient(table) : table, flatIds, tf.constant(0));
    embedded = new Embedded(x, flatIds);
    Rotary rotary = rotary(length);
    Operand<TFloat32> mask = causalMask(length);
    for (int i = 0; i < plan.size(); i++) {
      int layer = plan.layer(i);
      Ops scope = tf.withSubScope("layer_" + layer);
      x = new Layer(scope, layer).apply(x, dims, rotary, mask);
    }
    x = rmsNorm(tf, x, weights.get(WeightNames.FINAL_NORM));
    Operand<TFloat32> logits2d = tf.linalg.matMul(x, weights.get(WeightNames.headSource(spec)),
        MatMul.transposeB(true));
    return tf.withName("logits").reshape(logits2d,
        tf.stack(List.of(batch, length, tf.constant(spec.vocabSize()))));
  }

  private record Dims(Operand<TInt32> batch, Operand<TInt32> length) {}

  /** cos and sin of shape {@code [1, 1, length, head_dim]}. */
  private record Rotary(Operand<TFloat32> cos, Operand<TFloat32> sin) {}

  private Rotary rotary(Operand<TInt32> length) {
    Ops scope = tf.withSubScope("rope");
    Operand<TFloat32> positions = scope.dtypes.cast(scope.range(scope.constant(0), length, scope.constant(1)),
        TFloat32.class);
    Operand<TFloat32> freqs = scope.math.mul(
        scope.expandDims(positions, scope.constant(1)),
        scope.expandDims(scope.constant(Rope.inverseFrequencies(spec)), scope.constant(0)));
    Operand<TFloat32> emb = scope.concat(List.of(freqs, freqs), scope.constant(-1));
    Operand<TInt32> shape = scope.stack(List.of(scope.constant(1), scope.constant(1), length,
        scope.constant(spec.headDim())));
    return new Rotary(scope.reshape(scope.math.cos(emb), shape), scope.reshape(scope.math.sin(emb), shape));
  }

  /**
   * The additive causal mask {@code [groups * length, length]}: row {@code g * length + i} may attend to columns
   * {@code j <= i}; others get {@link #MASKED}. Rows are repeated per query head of a key-value group.
   */
  private Operand<TFloat32> causalMask(Operand<TInt32> length) {
    Ops scope = tf.withSubScope("causal_mask");
    Operand<TInt32> range = scope.range(scope.constant(0), length, scope.constant(1));
    Operand<TFloat32> allowed = scope.dtypes.cast(
        scope.math.lessEqual(scope.expandDims(range, scope.constant(0)), scope.expandDims(range, scope.constant(1))),
        TFloat32.class);
    Operand<TFloat32> mask = scope.math.mul(scope.math.sub(allowed, scope.constant(1f)), scope.constant(-MASKED));
    return scope.tile(mask, scope.constant(new int[] {spec.groupSize(), 1}));
  }

  static Operand<TFloat32> rmsNorm(Ops tf, Operand<TFloat32> x, Operand<TFloat32> weight, double eps) {
    Operand<TFloat32> variance = tf.math.mean(tf.math.square(x), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> normed = tf.math.mul(x, tf.math.rsqrt(tf.math.add(variance, tf.constant((float) eps))));
    return tf.math.mul(weight, normed);
  }

  private Operand<TFloat32> rmsNorm(Ops scope, Operand<TFloat32> x, Operand<TFloat32> weight) {
    return rmsNorm(scope, x, weight, spec.rmsNormEps());
  }

  /** One decoder layer over {@code [batch * length, hidden]} activations. */
  private final class Layer {
    private final Ops tf;
    private final int index;

    Layer(Ops tf, int index) {
      this.tf = tf;
      this.index = index;
    }

    Operand<TFloat32> apply(Operand<TFloat32> x, Dims dims, Rotary rotary, Operand<TFloat32> mask) {
      Operand<TFloat32> h = rmsNorm(tf, x, param(INPUT_NORM));
      x = tf.math.add(x, attention(h, dims, rotary, mask));
      h = rmsNorm(tf, x, param(POST_ATTENTION_NORM));
      Operand<TFloat32> gate = linear(h, GATE_PROJ, false);
      Operand<TFloat32> up = linear(h, UP_PROJ, false);
      Operand<TFloat32> act = tf.math.mul(tf.math.mul(gate, tf.math.sigmoid(gate)), up);
      return tf.math.add(x, linear(act, DOWN_PROJ, false));
    }

    private Operand<TFloat32> param(String suffix) {
      return weights.get(WeightNames.layer(index, suffix));
    }

    private Operand<TFloat32> linear(Operand<TFloat32> x, String module, boolean bias) {
      Operand<TFloat32> y = tf.linalg.matMul(x, weights.get(WeightNames.weight(index, module)),
          MatMul.transposeB(true));
      return bias ? tf.math.add(y, weights.get(WeightNames.bias(index, module))) : y;
    }

    /** {@code [batch * length, heads * head_dim]} to {@code [batch, heads, length, head_dim]}. */
    private Operand<TFloat32> heads(Operand<TFloat32> x, Dims dims, int heads) {
      Operand<TFloat32> split = tf.reshape(x, tf.stack(List.of(dims.batch(), dims.length(), tf.constant(heads),
          tf.constant(spec.headDim()))));
      return tf.linalg.transpose(split, tf.constant(new int[] {0, 2, 1, 3}));
    }

    private Operand<TFloat32> rotate(Operand<TFloat32> x, Rotary rotary) {
      Split<TFloat32> halves = tf.split(tf.constant(-1), x, 2L);
      Operand<TFloat32> rotated = tf.concat(
          List.of(tf.math.neg(halves.output().get(1)), halves.output().get(0)), tf.constant(-1));
      return tf.math.add(tf.math.mul(x, rotary.cos()), tf.math.mul(rotated, rotary.sin()));
    }

    private Operand<TFloat32> attention(Operand<TFloat32> h, Dims dims, Rotary rotary, Operand<TFloat32> mask) {
      int kvHeads = spec.numKeyValueHeads();
      int headDim = spec.headDim();
      Operand<TFloat32> q = rotate(heads(linear(h, Q_PROJ, spec.qkvBias()), dims, spec.numAttentionHeads()), rotary);
      Operand<TFloat32> k = rotate(heads(linear(h, K_PROJ, spec.qkvBias()), dims, kvHeads), rotary);
      Operand<TFloat32> v = heads(linear(h, V_PROJ, spec.qkvBias()), dims, kvHeads);
      // [batch, kv_heads, group * length, head_dim]: the query heads of one group share that group's keys.
      Operand<TFloat32> grouped = tf.reshape(q, tf.stack(List.of(dims.batch(), tf.constant(kvHeads),
          tf.constant(-1), tf.constant(headDim))));
      Operand<TFloat32> scores = tf.math.mul(
          tf.train.batchMatMul(grouped, k, TFloat32.class, BatchMatMul.adjY(true)),
          tf.constant((float) (1.0 / Math.sqrt(headDim))));
      Operand<TFloat32> probs = tf.nn.softmax(tf.math.add(scores, mask));
      Operand<TFloat32> context = tf.train.batchMatMul(probs, v, TFloat32.class);
      Operand<TFloat32> perHead = tf.reshape(context, tf.stack(List.of(dims.batch(),
          tf.constant(spec.numAttentionHeads()), dims.length(), tf.constant(headDim))));
      Operand<TFloat32> merged = tf.reshape(tf.linalg.transpose(perHead, tf.constant(new int[] {0, 2, 1, 3})),
          tf.constant(new int[] {-1, spec.qDim()}));
      return linear(merged, O_PROJ, spec.outputBias());
    }
  }
}
