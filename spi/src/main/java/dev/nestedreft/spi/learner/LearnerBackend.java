package dev.nestedreft.spi.learner;

import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The learner: the target model's trainable weights, a frozen reference copy, and an AdamW optimiser.
 * Log-probs are always of the full model (the target policy).
 *
 * <p>Owns native resources until {@link #close()}. Not thread-safe.
 */
public interface LearnerBackend extends AutoCloseable {
  String name();

  ModelSpec spec();

  /** Log-probs of each sequence's completion tokens under the current weights, at {@code temperature}. */
  List<float[]> completionLogprobs(List<TrainSequence> sequences, double temperature);

  /**
   * The same under the frozen reference weights (the weights the learner was created with).
   *
   * @throws IllegalStateException when the learner was created with {@link LearnerConfig#referenceWeights()} false
   */
  List<float[]> referenceLogprobs(List<TrainSequence> sequences, double temperature);

  /**
   * One optimiser update: the loss's gradient accumulated over micro-batches, global-norm clipping, and an AdamW
   * step at the schedule's learning rate. An update whose loss or gradient is not finite, or that would make a weight
   * or moment non-finite, is skipped: nothing is applied and the result says {@link UpdateResult#skipped()}.
   */
  UpdateResult update(TrainBatch batch);

  /** The loss and its gradient, flattened in {@link #parameterNames()} order, without updating anything. */
  Gradient gradient(TrainBatch batch);

  /** The trainable tensors in gradient order. */
  List<String> parameterNames();

  /** A copy of the current weights, allocated from {@code allocator}; the caller owns it. */
  WeightSet exportWeights(BufferAllocator allocator);

  /** Replaces the current weights (for example on resume); the reference weights stay as they are. */
  void loadWeights(WeightSet weights);

  /** The optimiser's moments as tensors named {@code adam.m/<name>} and {@code adam.v/<name>}; caller owns it. */
  WeightSet exportOptimizerState(BufferAllocator allocator);

  /** The number of optimiser steps taken (the AdamW bias-correction count). */
  long optimizerStep();

  /** Restores moments exported by {@link #exportOptimizerState} and the step count. */
  void restoreOptimizerState(WeightSet state, long step);

  @Override
  void close();

  /** A loss and its flat gradient. */
  record Gradient(double loss, float[] values) {}
}
