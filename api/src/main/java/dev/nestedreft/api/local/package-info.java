/**
 * The in-process {@link dev.nestedreft.api.contract.Placement}: the learner
 * ({@link dev.nestedreft.api.local.LocalLearner}) and the rollout engines
 * ({@link dev.nestedreft.api.local.LocalRolloutWorkers}) run in the caller's thread, one after the other. The Ray
 * actors wrap the same classes.
 */
package dev.nestedreft.api.local;
