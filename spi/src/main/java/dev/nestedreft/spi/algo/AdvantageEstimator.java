package dev.nestedreft.spi.algo;

/**
 * Turns the rewards of a batch into one advantage per sequence. Sequences with the same group id are samples of
 * the same prompt.
 */
public interface AdvantageEstimator {
  String name();

  /**
   * @param groups the group (prompt) id of each sequence
   * @param rewards the reward of each sequence
   * @return one advantage per sequence, in order
   */
  float[] advantages(long[] groups, double[] rewards);
}
