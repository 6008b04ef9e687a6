/**
 * Training runs: the typed {@link dev.nestedreft.api.train.TrainConfig} (its fields in
 * {@link dev.nestedreft.api.train.ConfigFields}, read by {@link dev.nestedreft.api.train.TrainConfigReader}, names
 * checked by {@link dev.nestedreft.api.train.ConfigCheck}), the run directory, the warm-up cache, the RL step
 * ({@link dev.nestedreft.api.train.Trainer}) and the loop ({@link dev.nestedreft.api.train.TrainingRun}) with its
 * typed {@link dev.nestedreft.api.train.StepReport}. The learner and the rollout workers come from a
 * {@link dev.nestedreft.api.contract.Placement}; this package never names Ray.
 */
package dev.nestedreft.api.train;
