package dev.nestedreft.api.train;

import dev.nestedreft.spi.NestedReftException;
import java.nio.file.Path;

/**
 * Counts the steps whose update the learner skipped: a non-finite loss or gradient, or an update that would have made
 * a weight non-finite (the learner never applies either, so the weights stay the last good ones). After
 * {@link Trainer#MAX_CONSECUTIVE_SKIPS} in a row the model has diverged, and the run stops with an error that says
 * so and names the learning rate to lower. Not thread-safe.
 */
final class SkipGuard {
  private final double learningRate;
  private long skipped;
  private int consecutive;
  private StepReport last;

  SkipGuard(double learningRate) {
    this.learningRate = learningRate;
  }

  /**
   * Counts {@code report}.
   *
   * @return true when the run must stop ({@link #diverged} says why)
   */
  boolean count(StepReport report) {
    if (!report.skipped()) {
      consecutive = 0;
      return false;
    }
    skipped++;
    last = report;
    return ++consecutive >= Trainer.MAX_CONSECUTIVE_SKIPS;
  }

  /** Skipped steps so far. */
  long skipped() {
    return skipped;
  }

  /** The error that stops the run, once {@link #count} said so; {@code checkpoints} holds the last good weights. */
  NestedReftException diverged(Path checkpoints) {
    String why = Double.isFinite(last.loss()) && Double.isFinite(last.gradNorm())
        ? "its update would have made weights non-finite"
        : "its loss or gradient was not finite";
    return NestedReftException.of("the model diverged: %d steps in a row were skipped (last: step %d; %s), and "
        + "none of their updates was applied. Lower learning_rate (now %s) and train again; the last good weights "
        + "are the newest checkpoint in %s (train --model DIR starts a new run from one)", consecutive, last.step(),
        why, learningRate, checkpoints);
  }
}
