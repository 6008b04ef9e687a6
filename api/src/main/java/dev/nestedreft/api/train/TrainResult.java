package dev.nestedreft.api.train;

import java.util.LinkedHashMap;
import java.util.Map;

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
    long steps, long skippedSteps) {
  /** The fields by the names {@code summary.json} and {@code compare.json} use, in a stable order. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accuracy_before", accuracyBefore);
    out.put("accuracy_after", accuracyAfter);
    out.put("rollout_tokens_per_s", rolloutTokensPerSecond);
    out.put("nested_rollout_tokens_per_s", nestedTokensPerSecond);
    out.put("full_rollout_tokens_per_s", fullTokensPerSecond);
    out.put("learner_tokens_per_s", learnerTokensPerSecond);
    out.put("wall_s", wallSeconds);
    out.put("steps", steps);
    out.put("skipped_steps", skippedSteps);
    return out;
  }
}
