package dev.nestedreft.cli;

import dev.nestedreft.api.contract.RunInterruptedException;
import dev.nestedreft.api.train.StepReport;
import dev.nestedreft.api.train.TrainingRun;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-line progress bar on stderr: phase messages, warm-up steps, and RL steps with their key metrics.
 *
 * <p>It also carries Ctrl-C into the supervised warm-up, which {@link TrainingRun} runs before the loop that checks
 * the interruption flag: once the flag is set, the next warm-up step throws {@link RunInterruptedException}, which
 * ends the run there (the warm-up is not cached, and there is nothing to checkpoint yet) instead of after the
 * whole warm-up and the first evaluation.
 */
final class ProgressLine implements TrainingRun.Listener {
  private static final int WIDTH = 24;
  private final PrintWriter err;
  private final AtomicBoolean interrupted;
  private boolean open;

  /** A progress line that never interrupts. */
  ProgressLine(PrintWriter err) {
    this(err, new AtomicBoolean());
  }

  /** A progress line that stops the warm-up once {@code interrupted} is set. */
  ProgressLine(PrintWriter err, AtomicBoolean interrupted) {
    this.err = err;
    this.interrupted = interrupted;
  }

  @Override
  public void phase(String description) {
    finishLine();
    err.println(description);
    err.flush();
  }

  @Override
  public void sftStep(long step, long total) {
    if (interrupted.get() && step < total) {
      finishLine();
      throw new RunInterruptedException(String.format("interrupted during the supervised warm-up, after step %d of "
          + "%d; a warm-up is cached only once complete, and there is no checkpoint yet", step, total));
    }
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
