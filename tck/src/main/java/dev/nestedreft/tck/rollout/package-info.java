/**
 * The contract of a rollout backend, {@link dev.nestedreft.tck.rollout.RolloutBackendContract}: a test class extends
 * it and returns the {@link dev.nestedreft.spi.rollout.RolloutBackendProvider} under test; the recorded behavior
 * log-probs are compared with {@link dev.nestedreft.tck.reference.ReferenceForwardBackend}'s under the same plan and
 * temperature.
 */
package dev.nestedreft.tck.rollout;
