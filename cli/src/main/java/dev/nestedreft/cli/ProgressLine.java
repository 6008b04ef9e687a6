package dev.nestedreft.cli;

import dev.nestedreft.api.train.StepReport;
import dev.nestedreft.api.train.TrainingRun;
import java.io.PrintWriter;

/** A one-line progress bar on stderr: phase messages, warm-up steps, and RL steps with their key metrics. */
final class ProgressLine implements TrainingRun.Listener {
  private static final int WIDTH = 24;
  private final PrintWriter err;
  private boolean open;

  ProgressLine(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void phase(String description) {
    finishLine();
    err.println(description);
    err.flush();
  }

  @Override
  public void sftStep(long step, long total) {
    if (step % 10 == 0 || step == total) {
      draw(step, total, "warm-up");
    }
  }

  @Override
  public void step(StepReport r, long total) {
    draw(r.step(), total, String.format("step %d/%d  reward %.3f  train acc %.3f  rollout %.0f tok/s  plan %d "
        + "layers%s", r.step(), total, r.rewardMean(), r.trainAccuracy(), r.rolloutTokensPerSecond(),
        r.planLayers(), r.testAccuracy() != null ? String.format("  test acc %.3f", r.testAccuracy()) : ""));
  }

  private void draw(long done, long total, String text) {
    int filled = (int) (WIDTH * done / Math.max(1, total));
    err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + text + "   ");
    err.flush();
    open = true;
    if (done == total) {
      finishLine();
    }
  }

  void finishLine() {
    if (open) {
      err.println();
      open = false;
    }
  }
}
