package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Params;

/** The shared batch of the advantage tests, and estimator construction. */
final class Batches {
  private Batches() {}

  /** Groups 7 (three samples), 9 (two samples) and 4 (one sample), interleaved. */
  static final long[] GROUPS = {7, 9, 7, 4, 9, 7};
  /** Group 7: rewards 1, 0, 0; group 9: 2, 4; group 4: 5. */
  static final double[] REWARDS = {1, 2, 0, 5, 4, 0};

  static AdvantageEstimator create(AdvantageEstimatorFactory factory, String params) {
    return factory.create(Params.parse("advantage '" + factory.name() + "'", params));
  }
}
