package dev.nestedreft.spi.algo;

/**
 * A verifiable reward: a score for one completion. Implementations must not throw on any model output; the
 * trainer reports a throwing reward function with the prompt id rather than swallowing the error.
 */
public interface RewardFn {
  String name();

  double score(RewardInput input);
}
