package dev.nestedreft.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM during training. The signal only sets a flag that the loop checks between steps: the
 * JVM does not start shutting down, so Ray (whose own shutdown hook would stop the learner and worker actors) is
 * still there while the run finishes its step and writes the final checkpoint; the command then exits with
 * {@link #interruptedExitCode()}. A second Ctrl-C exits at once.
 * A shutdown for any other reason still waits, through a shutdown hook, for the run to finish writing.
 */
final class Signals {
  private static final int SIGINT = 2;
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  /** 128 + the number of the first signal caught (130 for SIGINT, 143 for SIGTERM); 0 before any. */
  private volatile int exitCode;

  private Signals() {}

  static Signals install() {
    Signals signals = new Signals();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          synchronized (signals) { // the exit code is set before the flag the run reads
            if (signals.interrupted.get()) {
              Runtime.getRuntime().halt(Main.EXIT_SIGNAL_BASE + signal.getNumber()); // second: abort, no checkpoint
            }
            signals.exitCode = Main.EXIT_SIGNAL_BASE + signal.getNumber();
            signals.interrupted.set(true);
          }
          System.err.println("\nnested-reft: " + signal.getName() + " received: finishing the current step and "
              + "writing a checkpoint (Ctrl-C again to abort)");
        });
      } catch (IllegalArgumentException e) {
        // the platform does not let us handle this signal; the shutdown hook below still applies
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signals.interrupted.set(true);
      try {
        signals.finished.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nested-reft-shutdown"));
    return signals;
  }

  AtomicBoolean flag() {
    return interrupted;
  }

  /**
   * The exit code of a command that stopped for a signal after writing its checkpoint: 128 + the signal's number, as
   * a shell reports a process a signal ended (130 for SIGINT, 143 for SIGTERM), so that a script can tell an
   * interrupted run from a finished one (0).
   */
  int interruptedExitCode() {
    int code = exitCode;
    return code != 0 ? code : Main.EXIT_SIGNAL_BASE + SIGINT;
  }

  /** Called when the run has returned (or failed): a shutdown in progress may let the JVM go. */
  void done() {
    finished.countDown();
  }
}
