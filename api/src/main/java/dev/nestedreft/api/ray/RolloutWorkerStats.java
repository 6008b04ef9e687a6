package dev.nestedreft.api.ray;

/**
 * What a rollout worker reports about itself ({@link RolloutWorkerActor#stats()}).
 *
 * @param backend the rollout backend's name
 * @param closed whether the worker was closed
 * @param policyVersion the loaded weights' version; -1 before the first load
 * @param plan the loaded plan in compact form ({@link dev.nestedreft.spi.model.LayerPlan#compact()}); empty before
 *     the first load
 * @param loads weight loads so far
 * @param generateCalls generate calls so far
 * @param sequences sequences generated so far
 * @param generatedTokens tokens generated so far
 * @param lastLoadNanos the last load's duration
 * @param lastGenerateNanos the last generate call's duration inside the backend
 * @param lastTokensPerSecond the last generate call's throughput
 * @param arrowBytes Arrow memory the worker holds now (its copy of the weights)
 */
public record RolloutWorkerStats(String backend, boolean closed, long policyVersion, String plan, long loads,
    long generateCalls, long sequences, long generatedTokens, long lastLoadNanos, long lastGenerateNanos,
    double lastTokensPerSecond, long arrowBytes) {}
