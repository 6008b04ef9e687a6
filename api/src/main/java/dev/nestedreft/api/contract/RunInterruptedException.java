package dev.nestedreft.api.contract;

import dev.nestedreft.spi.NestedReftException;

/**
 * A phase of a run stopped because the run was asked to stop (Ctrl-C, SIGTERM: the flag a caller hands the run)
 * before it had anything to checkpoint: while connecting to a Ray cluster, or during the supervised warm-up. The
 * message says which phase and what was kept. Phases after the first checkpoint stop through the loop instead,
 * which writes one.
 */
public class RunInterruptedException extends NestedReftException {
  private static final long serialVersionUID = 1L;

  public RunInterruptedException(String message) {
    super(message);
  }
}
