package dev.nestedreft.api.train;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a run's steps follow each other: {@link #SYNC}, each step generating its rollouts from the weights it then
 * updates, or {@link #ONE_STEP_OFF}, the rollouts of step {@code t+1} generated while the learner updates on those of
 * step {@code t}, from weights one update old. Configs spell them {@code sync} and {@code one-step-off}
 * (docs/CONFIG.md; the algorithm in docs/ALGORITHMS.md, "Pipelined steps").
 */
public enum Pipeline {
  /** Generate, score, update, one after the other: every batch comes from the weights it updates. */
  SYNC("sync"),
  /**
   * Generate step {@code t+1}'s batch from the weights {@code w_t} while the learner updates on step {@code t}'s
   * batch, which came from {@code w_{t-1}}; the first step generates its own batch first.
   */
  ONE_STEP_OFF("one-step-off");

  private final String configName;

  Pipeline(String configName) {
    this.configName = configName;
  }

  /** {@code sync} or {@code one-step-off}, as configs spell it. */
  public String configName() {
    return configName;
  }

  /** The pipeline spelled {@code name}, if there is one. */
  public static Optional<Pipeline> byName(String name) {
    return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
  }

  /** {@code 'sync' or 'one-step-off'}: the choices, for messages. */
  public static String choices() {
    return Arrays.stream(values()).map(p -> "'" + p.configName + "'").collect(Collectors.joining(" or "));
  }
}
