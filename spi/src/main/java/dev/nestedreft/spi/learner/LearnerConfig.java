package dev.nestedreft.spi.learner;

import dev.nestedreft.spi.InvalidInputException;

/**
 * Optimiser and batching settings of a learner.
 *
 * @param learningRate the peak learning rate
 * @param schedule constant, or linear warm-up then cosine decay
 * @param warmupSteps warm-up length in optimiser steps (warm-up+cosine only)
 * @param totalSteps the step at which the cosine reaches {@code minLearningRateRatio · learningRate}
 * @param minLearningRateRatio the floor of the cosine, as a fraction of the peak
 * @param beta1 AdamW's first-moment decay
 * @param beta2 AdamW's second-moment decay
 * @param epsilon AdamW's denominator epsilon
 * @param weightDecay decoupled weight decay, applied to matrices only (not to norms or biases)
 * @param maxGradNorm clip the global gradient norm to this (0 = no clipping)
 * @param microBatchSequences sequences per forward/backward pass; gradients accumulate across micro-batches, so
 *     memory is bounded whatever the batch size
 * @param referenceWeights whether the learner keeps a frozen copy of its initial weights for
 *     {@link LearnerBackend#referenceLogprobs}; a run without a KL penalty needs none, and saves one copy of the
 *     parameters (2 GB at 0.5B parameters)
 */
public record LearnerConfig(
    double learningRate,
    LrSchedule schedule,
    int warmupSteps,
    int totalSteps,
    double minLearningRateRatio,
    double beta1,
    double beta2,
    double epsilon,
    double weightDecay,
    double maxGradNorm,
    int microBatchSequences,
    boolean referenceWeights) {

  public static final double DEFAULT_LEARNING_RATE = 1e-5;
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;
  public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
  public static final int DEFAULT_MICRO_BATCH = 16;

  /** A constant schedule with the defaults above. */
  public static final LearnerConfig DEFAULT = new LearnerConfig(DEFAULT_LEARNING_RATE, LrSchedule.CONSTANT, 0, 0,
      0.0, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, DEFAULT_WEIGHT_DECAY, DEFAULT_MAX_GRAD_NORM,
      DEFAULT_MICRO_BATCH, true);

  /** The settings without {@code referenceWeights}, which is then true (the form before it existed). */
  public LearnerConfig(double learningRate, LrSchedule schedule, int warmupSteps, int totalSteps,
      double minLearningRateRatio, double beta1, double beta2, double epsilon, double weightDecay,
      double maxGradNorm, int microBatchSequences) {
    this(learningRate, schedule, warmupSteps, totalSteps, minLearningRateRatio, beta1, beta2, epsilon, weightDecay,
        maxGradNorm, microBatchSequences, true);
  }

  public LearnerConfig {
    if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
      throw InvalidInputException.of("learning_rate must be a finite number >= 0, got %s", learningRate);
    }
    if (schedule == LrSchedule.WARMUP_COSINE && (warmupSteps < 0 || totalSteps <= warmupSteps)) {
      throw InvalidInputException.of("warmup+cosine needs 0 <= warmup_steps < total_steps, got %d and %d",
          warmupSteps, totalSteps);
    }
    if (!(minLearningRateRatio >= 0 && minLearningRateRatio <= 1)) {
      throw InvalidInputException.of("min_lr_ratio must be in [0, 1], got %s", minLearningRateRatio);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw InvalidInputException.of("AdamW betas must be in [0, 1), got %s and %s", beta1, beta2);
    }
    if (!(epsilon > 0) || weightDecay < 0 || maxGradNorm < 0) {
      throw InvalidInputException.of("epsilon must be > 0, weight_decay and max_grad_norm >= 0; got %s, %s, %s",
          epsilon, weightDecay, maxGradNorm);
    }
    if (microBatchSequences < 1) {
      throw InvalidInputException.of("micro_batch must be at least 1, got %d", microBatchSequences);
    }
  }

  public LearnerConfig withLearningRate(double value) {
    return new LearnerConfig(value, schedule, warmupSteps, totalSteps, minLearningRateRatio, beta1, beta2,
        epsilon, weightDecay, maxGradNorm, microBatchSequences, referenceWeights);
  }

  public LearnerConfig withMicroBatch(int value) {
    return new LearnerConfig(learningRate, schedule, warmupSteps, totalSteps, minLearningRateRatio, beta1, beta2,
        epsilon, weightDecay, maxGradNorm, value, referenceWeights);
  }

  public LearnerConfig withSchedule(LrSchedule value, int warmup, int total) {
    return new LearnerConfig(learningRate, value, warmup, total, minLearningRateRatio, beta1, beta2, epsilon,
        weightDecay, maxGradNorm, microBatchSequences);
  }

  public LearnerConfig withMaxGradNorm(double value) {
    return new LearnerConfig(learningRate, schedule, warmupSteps, totalSteps, minLearningRateRatio, beta1, beta2,
        epsilon, weightDecay, value, microBatchSequences, referenceWeights);
  }

  public LearnerConfig withWeightDecay(double value) {
    return new LearnerConfig(learningRate, schedule, warmupSteps, totalSteps, minLearningRateRatio, beta1, beta2,
        epsilon, value, maxGradNorm, microBatchSequences, referenceWeights);
  }

  /** The same settings, keeping a frozen reference copy of the initial weights or not. */
  public LearnerConfig withReferenceWeights(boolean value) {
    return new LearnerConfig(learningRate, schedule, warmupSteps, totalSteps, minLearningRateRatio, beta1, beta2,
        epsilon, weightDecay, maxGradNorm, microBatchSequences, value);
  }

  /** The learning rate of optimiser step {@code step} (0-based). */
  public double learningRateAt(long step) {
    return switch (schedule) {
      case CONSTANT -> learningRate;
      case WARMUP_COSINE -> {
        if (step < warmupSteps) {
          yield learningRate * (step + 1) / (double) warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) (totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        yield learningRate * (minLearningRateRatio + (1 - minLearningRateRatio) * cosine);
      }
    };
  }
}
