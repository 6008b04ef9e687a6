package dev.nestedreft.api.train;

/**
 * The outcome of a run, as written to {@code summary.json}.
 *
 * @param accuracyBefore greedy test accuracy when RL starts (after the warm-up)
 * @param accuracyAfter greedy test accuracy at the end
 * @param rolloutTokensPerSecond rollout tokens/s of the run's behavior plans, over all steps
 * @param nestedTokensPerSecond tokens/s of a nested plan measured at the end of the run (the demo's table)
 * @param fullTokensPerSecond tokens/s of the full plan measured at the end, side by side with the nested one
 * @param learnerTokensPerSecond learner tokens/s (forward and backward), over all steps
 * @param wallSeconds the run's wall time
 * @param steps RL steps completed
 * @param skippedSteps steps skipped because the loss or gradient was not finite
 */
public record TrainResult(double accuracyBefore, double accuracyAfter, double rolloutTokensPerSecond,
    double nestedTokensPerSecond, double fullTokensPerSecond, double learnerTokensPerSecond, double wallSeconds,
    long steps, long skippedSteps) {}
