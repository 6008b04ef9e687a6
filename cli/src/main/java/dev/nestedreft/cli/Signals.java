package dev.nestedreft.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGINT (Ctrl-C) handling for training: the first interrupt sets a flag the loop checks between steps, so the run
 * writes a final checkpoint and exits cleanly; the JVM's own shutdown waits for that.
 */
final class Signals {
  private Signals() {}

  static AtomicBoolean interruptFlag() {
    AtomicBoolean flag = new AtomicBoolean();
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      flag.set(true);
      try {
        main.join(120_000); // let the loop finish its step and write the checkpoint
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nested-reft-sigint"));
    return flag;
  }
}
