package dev.nestedreft.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGINT (Ctrl-C) and SIGTERM handling for training: the signal sets a flag that the loop checks between steps;
 * the shutdown hook then waits until the command reports that the run has written its final checkpoint, so the
 * JVM exits only after that.
 */
final class Signals {
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);

  private Signals() {}

  static Signals install() {
    Signals signals = new Signals();
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

  /** Called when the run has returned (or failed): the shutdown hook may let the JVM go. */
  void done() {
    finished.countDown();
  }
}
