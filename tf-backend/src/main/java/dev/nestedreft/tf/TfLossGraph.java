package dev.nestedreft.tf;

import dev.nestedreft.spi.model.ModelSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The policy-gradient loss on top of a full-model forward pass. Inputs are right-padded rows
 * {@code [batch, length]}: token ids, the next token at each position, and per-position coefficient,
 * aggregation, mask and reference log-prob (zero outside completion tokens). Per position,
 * {@code ℓ = −c · log π(next) + β_KL · KL − β_H · H}, and the loss is {@code Σ α · ℓ}.
 */
final class TfLossGraph {
  final Placeholder<TInt32> ids;
  final Placeholder<TInt32> targets;
  final Placeholder<TFloat32> coefficients;
  final Placeholder<TFloat32> aggregation;
  final Placeholder<TFloat32> mask;
  final Placeholder<TFloat32> referenceLogprobs;
  final Placeholder<TFloat32> inverseTemperature;
  final Placeholder<TFloat32> klCoefficient;
  final Placeholder<TFloat32> klWeights;
  final Placeholder<TFloat32> entropyCoefficient;

  /** log π(next token) at every position, {@code [batch, length]}. */
  final Operand<TFloat32> tokenLogprobs;
  /** Σ over masked positions of the entropy, and of the KL estimate (for means). */
  final Operand<TFloat32> entropySum;
  final Operand<TFloat32> klSum;
  final Operand<TFloat32> loss;
  /** The forward pass's embedding lookup. */
  final TfDecoderGraph.Embedded embedded;

  TfLossGraph(Ops tf, ModelSpec spec, TfDecoderGraph decoder) {
    ids = tf.withName("ids").placeholder(TInt32.class);
    targets = tf.withName("targets").placeholder(TInt32.class);
    coefficients = tf.withName("coefficients").placeholder(TFloat32.class);
    aggregation = tf.withName("aggregation").placeholder(TFloat32.class);
    mask = tf.withName("mask").placeholder(TFloat32.class);
    referenceLogprobs = tf.withName("reference_logprobs").placeholder(TFloat32.class);
    inverseTemperature = tf.withName("inverse_temperature").placeholder(TFloat32.class);
    klCoefficient = tf.withName("kl_coefficient").placeholder(TFloat32.class);
    klWeights = tf.withName("kl_weights").placeholder(TFloat32.class); // [3]: k1, k2, k3 selectors
    entropyCoefficient = tf.withName("entropy_coefficient").placeholder(TFloat32.class);

    Operand<TFloat32> logits = tf.math.mul(decoder.logits(ids, spec.fullPlan()), inverseTemperature);
    embedded = decoder.embedded();
    Operand<TFloat32> logSoftmax = logSoftmax(tf, logits);
    Operand<TFloat32> oneHot = tf.oneHot(targets, tf.constant(spec.vocabSize()), tf.constant(1f), tf.constant(0f));
    tokenLogprobs = tf.withName("token_logprobs").reduceSum(tf.math.mul(oneHot, logSoftmax), tf.constant(-1));
    Operand<TFloat32> entropy = tf.math.neg(tf.reduceSum(tf.math.mul(tf.math.exp(logSoftmax), logSoftmax),
        tf.constant(-1)));
    // r = log π_ref − log π; k1 = −r, k2 = r²/2, k3 = e^r − 1 − r.
    Operand<TFloat32> r = tf.math.sub(referenceLogprobs, tokenLogprobs);
    Operand<TFloat32> k1 = tf.math.neg(r);
    Operand<TFloat32> k2 = tf.math.mul(tf.constant(0.5f), tf.math.square(r));
    Operand<TFloat32> k3 = tf.math.sub(tf.math.sub(tf.math.exp(r), tf.constant(1f)), r);
    Operand<TFloat32> kl = tf.math.add(tf.math.add(
        tf.math.mul(k1, tf.gather(klWeights, tf.constant(0), tf.constant(0))),
        tf.math.mul(k2, tf.gather(klWeights, tf.constant(1), tf.constant(0)))),
        tf.math.mul(k3, tf.gather(klWeights, tf.constant(2), tf.constant(0))));
    Operand<TFloat32> perToken = tf.math.sub(tf.math.add(
        tf.math.neg(tf.math.mul(coefficients, tokenLogprobs)),
        tf.math.mul(klCoefficient, kl)),
        tf.math.mul(entropyCoefficient, entropy));
    loss = tf.withName("loss").reduceSum(tf.math.mul(aggregation, perToken), tf.constant(new int[] {0, 1}));
    entropySum = tf.reduceSum(tf.math.mul(mask, entropy), tf.constant(new int[] {0, 1}));
    klSum = tf.reduceSum(tf.math.mul(mask, kl), tf.constant(new int[] {0, 1}));
  }

  /**
   * {@code x − max − log Σ exp(x − max)} over the last axis, built from primitive ops. TensorFlow's fused
   * {@code LogSoftmax} op computes the right values, but the gradient TF 2.18's C++ registry gives it is wrong
   * (a finite-difference check in the tests caught it), so the learner never differentiates through it.
   */
  static Operand<TFloat32> logSoftmax(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(x, tf.constant(-1), ReduceMax.keepDims(true)));
    Operand<TFloat32> shifted = tf.math.sub(x, max);
    return tf.math.sub(shifted, tf.math.log(tf.reduceSum(tf.math.exp(shifted), tf.constant(-1),
        ReduceSum.keepDims(true))));
  }

  /** Σ of squares of every operand: for global gradient norms. */
  static Operand<TFloat32> sumOfSquares(Ops tf, List<? extends Operand<TFloat32>> tensors) {
    Operand<TFloat32> total = tf.constant(0f);
    for (Operand<TFloat32> t : tensors) {
      total = tf.math.add(total, tf.reduceSum(tf.math.square(t), tf.range(tf.constant(0), tf.rank(t),
          tf.constant(1))));
    }
    return total;
  }
}
