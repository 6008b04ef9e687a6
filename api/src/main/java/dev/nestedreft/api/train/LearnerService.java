package dev.nestedreft.api.train;

import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The learner as the trainer uses it, wherever it runs (a Ray actor, or in this process): one policy-gradient step
 * on a rollout batch, and the weights and optimiser state for publishing and checkpoints.
 */
public interface LearnerService extends AutoCloseable {
  /**
   * One learner step: target log-probs, the correction named {@code correction} (with {@code correctionParams},
   * {@code name=value,...}), and the updates.
   */
  PolicyGradientStep.Report step(RolloutBatch batch, float[] advantages, String correction, String correctionParams,
      PolicyGradientStep.Settings settings);

  /** A copy of the current weights; the caller owns it. */
  WeightSet exportWeights(BufferAllocator allocator);

  /**
   * The current weights in their wire form ({@link dev.nestedreft.spi.weights.WeightSetIpc} bytes), for publishing
   * to rollout workers without decoding them in between.
   */
  byte[] exportWeightsIpc();

  void loadWeights(WeightSet weights);

  /** The AdamW moments ({@code adam.m/<name>}, {@code adam.v/<name>}); the caller owns it. */
  WeightSet exportOptimizerState(BufferAllocator allocator);

  long optimizerStep();

  void restoreOptimizerState(WeightSet state, long step);

  @Override
  void close();
}
