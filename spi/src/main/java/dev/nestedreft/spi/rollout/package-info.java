/**
 * Rollout contracts: prompts, sampling parameters, the Arrow {@link dev.nestedreft.spi.rollout.RolloutBatch}
 * and the rollout backend service interface.
 */
package dev.nestedreft.spi.rollout;
