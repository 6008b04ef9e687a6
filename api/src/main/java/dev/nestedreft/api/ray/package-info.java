/**
 * Rollout workers as Ray actors (Ray Java API 2.7.0).
 *
 * <p>{@link dev.nestedreft.api.ray.RayRuntime} starts Ray: LOCAL mode by default (actors are thread pools of this
 * JVM, nothing to install), or CLUSTER mode given a Ray address. {@link dev.nestedreft.api.ray.RolloutWorkerActor}
 * is the actor class, with wire-friendly arguments only (byte[], String, primitives and their arrays); weights and
 * rollout batches cross as Arrow IPC stream bytes ({@link dev.nestedreft.spi.weights.WeightSetIpc},
 * {@link dev.nestedreft.spi.rollout.RolloutBatch#toIpcBytes()}). {@link dev.nestedreft.api.ray.RolloutWorkerHandle}
 * is the typed client the trainer uses.
 *
 * <p>In LOCAL mode actor calls run one at a time ({@link dev.nestedreft.api.ray.RayRuntime#submit}): Ray 2.7.0's
 * LOCAL mode may run overlapping calls on the wrong actor.
 *
 * <p>Every JVM that runs Ray, the driver and the cluster's workers alike, needs
 * {@link dev.nestedreft.api.ray.RayRuntime#REQUIRED_JVM_OPTIONS}: Ray's serializer reflects into {@code java.base}.
 */
package dev.nestedreft.api.ray;
