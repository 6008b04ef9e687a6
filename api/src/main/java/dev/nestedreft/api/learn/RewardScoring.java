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

  /** Scores and how many samples failed (scored 0) when failures are skipped. */
  public record Scores(double[] values, int errors, String firstError) {}

  /**
   * Like {@link #score}, but a sample whose reward fails scores 0 and is counted instead of stopping the run
   * ({@code on_reward_error: skip}).
   */
  public static Scores scoreSkippingErrors(RewardFn reward, List<RewardInput> inputs) {
    double[] out = new double[inputs.size()];
    int errors = 0;
    String first = null;
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = score(reward, List.of(inputs.get(i)))[0];
      } catch (NestedReftException e) {
        errors++;
        if (first == null) {
          first = e.getMessage();
        }
      }
    }
    return new Scores(out, errors, first);
  }

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
