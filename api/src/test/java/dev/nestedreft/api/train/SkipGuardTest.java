package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skipped steps in a row stop a run with an error that says the model diverged and names the learning rate. */
class SkipGuardTest {
  private static StepReport report(long step, boolean skipped, double loss, double gradNorm) {
    return new StepReport(step, 0, 0, 0, 0, 8, List.of(), "full", Double.NaN, loss, gradNorm, 0.5, Double.NaN,
        Double.NaN, 1, 1, 1, 1, 0, 0, skipped, 0, 10, 100, 100, 0.1, 0, 0.1, 0.05, 0, 0.2, null);
  }

  @Test
  void updatesThatWouldOverflowTheWeightsStopTheRunAsDivergedNamingTheLearningRate() {
    SkipGuard guard = new SkipGuard(0.5);
    assertThat(guard.count(report(1, true, 1.5, 2.0))).isFalse();
    assertThat(guard.count(report(2, false, 1.4, 2.0))).isFalse(); // a good step resets the count
    assertThat(guard.count(report(3, true, 1.5, 2.0))).isFalse();
    assertThat(guard.count(report(4, true, 1.5, 2.0))).isFalse();
    assertThat(guard.count(report(5, true, 1.5, 2.0))).as("the %dth in a row", Trainer.MAX_CONSECUTIVE_SKIPS)
        .isTrue();
    assertThat(guard.skipped()).isEqualTo(4);
    assertThat(guard.diverged(Path.of("runs/x/checkpoints")).getMessage())
        .startsWith("the model diverged: 3 steps in a row were skipped (last: step 5; its update would have made "
            + "weights non-finite)")
        .contains("Lower learning_rate (now 0.5)")
        .contains(Path.of("runs/x/checkpoints").toString());
  }

  @Test
  void aNonFiniteLossIsNamedAsTheReason() {
    SkipGuard guard = new SkipGuard(1e-4);
    for (int step = 1; step <= Trainer.MAX_CONSECUTIVE_SKIPS; step++) {
      guard.count(report(step, true, Double.NaN, Double.NaN));
    }
    assertThat(guard.diverged(Path.of("c")).getMessage()).contains("its loss or gradient was not finite")
        .contains("Lower learning_rate (now 1.0E-4)");
  }
}
