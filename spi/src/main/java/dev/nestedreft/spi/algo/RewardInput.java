package dev.nestedreft.spi.algo;

/**
 * What a reward function sees of one completion.
 *
 * @param promptId the prompt's id (for error reports)
 * @param prompt the prompt text
 * @param completion the generated text
 * @param reference the reference answer or solution of the task
 */
public record RewardInput(long promptId, String prompt, String completion, String reference) {}
