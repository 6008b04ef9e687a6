package dev.nestedreft.api.contract;

import dev.nestedreft.spi.weights.WeightSet;

/**
 * Where a run's learner and rollout workers live: in this process, or as Ray actors. The trainer asks the placement
 * for them and never names the runtime; the application chooses the placement. Closing it ends everything it
 * created and the runtime it started.
 */
public interface Placement extends AutoCloseable {
  /** Opens a placement for one run. */
  @FunctionalInterface
  interface Factory {
    Placement open();
  }

  /** A learner whose trainable and reference weights start as {@code initial} (the caller keeps them). */
  LearnerService learner(LearnerSetup setup, WeightSet initial);

  /** {@code count} rollout workers. */
  RolloutWorkers rolloutWorkers(WorkerSetup setup, int count);

  /** For progress lines: {@code in-process} or {@code Ray LOCAL mode}. */
  String describe();

  @Override
  void close();
}
