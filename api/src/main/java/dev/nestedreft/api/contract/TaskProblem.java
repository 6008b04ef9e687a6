package dev.nestedreft.api.contract;

/**
 * One problem of a task, as the trainer sees it.
 *
 * @param id stable id (the prompt id in rollouts)
 * @param prompt the text the model continues
 * @param reference the reference answer, checked by the reward
 * @param solution a worked solution ending in {@code #### answer}, for the supervised warm-up
 */
public record TaskProblem(long id, String prompt, String reference, String solution) {}
