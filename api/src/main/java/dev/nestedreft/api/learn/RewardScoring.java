package dev.nestedreft.api.learn;

import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import java.util.List;

/**
 * Scores completions with a reward function. A reward function that throws, or returns a value that is not
 * finite, is reported with the prompt id and the function's name rather than swallowed: a silently zeroed reward
 * would train on a lie.
 */
public final class RewardScoring {
  private RewardScoring() {}

  /**
   * @throws NestedReftException naming the reward function and the prompt when the function fails
   */
  public static double[] score(RewardFn reward, List<RewardInput> inputs) {
    double[] out = new double[inputs.size()];
    for (int i = 0; i < out.length; i++) {
      RewardInput input = inputs.get(i);
      double value;
      try {
        value = reward.score(input);
      } catch (RuntimeException e) {
        throw new NestedReftException(String.format("reward '%s' failed on prompt %d: %s: %s", reward.name(),
            input.promptId(), e.getClass().getSimpleName(), e.getMessage()), e);
      }
      if (!Double.isFinite(value)) {
        throw NestedReftException.of("reward '%s' returned %s for prompt %d; rewards must be finite",
            reward.name(), value, input.promptId());
      }
      out[i] = value;
    }
    return out;
  }
}
