package dev.nestedreft.api.contract;

import dev.nestedreft.spi.weights.WeightSet;

/**
 * Where a run's learner and rollout workers live: in this process, or as Ray actors. The trainer asks the placement
 * for them and never names the runtime; the application chooses the placement. Closing it ends everything it
 * created and the runtime it started.
 *
 * <p>Each learner and each set of workers takes one caller at a time, but the learner and the workers of one
 * placement may be called from two threads at once, one each: the {@code one-step-off} pipeline generates the next
 * step's rollouts on a thread of its own while the loop's thread updates the learner. Whether the two calls then
 * run side by side is the placement's to say ({@link #overlappingRolloutWorkers}).
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

  /**
   * {@code count} rollout workers for the {@code one-step-off} pipeline, which generates on another thread while
   * this placement's learner runs a call: workers whose calls can run at the same time as the learner's where the
   * placement can arrange it. By default {@link #rolloutWorkers}; the Ray placement overrides it for Ray's LOCAL
   * mode, which runs one actor call at a time. Their rollouts and loaded weights are those of
   * {@link #rolloutWorkers}, bit for bit.
   */
  default RolloutWorkers overlappingRolloutWorkers(WorkerSetup setup, int count) {
    return rolloutWorkers(setup, count);
  }

  /** For progress lines: {@code in-process} or {@code Ray LOCAL mode}. */
  String describe();

  @Override
  void close();
}
