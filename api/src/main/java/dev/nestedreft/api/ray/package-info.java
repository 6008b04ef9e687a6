/**
 * The learner and the rollout workers as Ray actors (Ray Java API 2.7.0): the Ray
 * {@link dev.nestedreft.api.contract.Placement}.
 *
 * <p>{@link dev.nestedreft.api.ray.RayRuntime} starts Ray: LOCAL mode by default (actors are thread pools of this
 * JVM, nothing to install), or CLUSTER mode given a Ray address. {@link dev.nestedreft.api.ray.RayPlacement} creates
 * the actors: {@link dev.nestedreft.api.ray.LearnerActor} (a {@link dev.nestedreft.api.local.LocalLearner} inside)
 * behind {@link dev.nestedreft.api.ray.RayLearner}, and {@link dev.nestedreft.api.ray.RolloutWorkerActor}s behind
 * {@link dev.nestedreft.api.ray.RolloutWorkerHandle} and {@link dev.nestedreft.api.ray.RayRolloutWorkers}.
 *
 * <p>Every actor call carries {@code byte[]} and primitives only: a record message encoded by the one codec,
 * {@link dev.nestedreft.api.ray.Wire}, and Arrow IPC bytes for weights and rollout batches. Published weights go
 * from the learner actor to the workers, and each worker's batch from the worker to the learner, by object
 * reference: the driver never re-encodes them (it reads the batches once, to score them).
 *
 * <p>In LOCAL mode actor calls run one at a time ({@link dev.nestedreft.api.ray.RayRuntime#submit}): Ray 2.7.0's
 * LOCAL mode may run overlapping calls on the wrong actor. For the {@code one-step-off} pipeline, whose rollouts
 * should run while the learner actor updates, the LOCAL-mode placement therefore gives rollout engines in the
 * driver's JVM instead of worker actors ({@code LocalModeRolloutWorkers}).
 *
 * <p>Every JVM that runs Ray, the driver and the cluster's workers alike, needs
 * {@link dev.nestedreft.api.ray.RayRuntime#REQUIRED_JVM_OPTIONS}: Ray's serializer reflects into {@code java.base}.
 */
package dev.nestedreft.api.ray;
