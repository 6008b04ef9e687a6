/**
 * The contracts at the bottom of {@code api}, which the data sources, the tasks, the placements and the trainer all
 * depend on downward: a {@link dev.nestedreft.api.contract.Task} of
 * {@link dev.nestedreft.api.contract.TaskProblem}s, and a {@link dev.nestedreft.api.contract.Placement} that
 * creates the {@link dev.nestedreft.api.contract.LearnerService} and the
 * {@link dev.nestedreft.api.contract.RolloutWorkers} from a {@link dev.nestedreft.api.contract.LearnerSetup} and a
 * {@link dev.nestedreft.api.contract.WorkerSetup}. Rollouts and published weights are handles
 * ({@link dev.nestedreft.api.contract.Rollouts}, {@link dev.nestedreft.api.contract.PublishedWeights}) so that a
 * placement can pass them between its actors by reference.
 */
package dev.nestedreft.api.contract;
