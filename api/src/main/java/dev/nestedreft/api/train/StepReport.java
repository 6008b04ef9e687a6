package dev.nestedreft.api.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one RL step did, by the names documented in docs/METRICS.md. {@link #toMap()} is the one mapping to those
 * names; {@code metrics.jsonl}, TensorBoard and the progress line are views of it. Timing fields end in {@code _s}
 * or {@code _per_s}; everything else is deterministic for a given seed and thread count.
 *
 * @param step the step, 1-based
 * @param dataPosition the train stream position the step's prompts started at
 * @param rewardMean mean reward over the step's completions
 * @param trainAccuracy fraction of completions with reward ≥ 1
 * @param responseLengthMean mean completion length, tokens
 * @param planLayers decoder layers the behavior ran
 * @param planSkipped the layers it skipped, ascending
 * @param planPolicy the behavior policy that drew the plan
 * @param planCost the policy's estimate of what the plan costs ({@code PlanDraw.estimatedCost}); NaN when the policy
 *     makes none
 * @param loss the last update's loss
 * @param gradNorm the last update's gradient norm (before clipping)
 * @param learningRate the last update's learning rate
 * @param entropy the last update's mean token entropy
 * @param klReference the last update's KL to the reference model (0 without one)
 * @param ratioMean mean importance ratio π_target / π_behavior (first update)
 * @param ratioMin smallest ratio
 * @param ratioMax largest ratio
 * @param ess effective sample size of the weights, as a fraction of the rows
 * @param klBehaviorTarget per-token KL(behavior ‖ target) estimate
 * @param clipFraction fraction of tokens the correction clipped, truncated or masked
 * @param skipped whether an update was skipped for a non-finite loss or gradient
 * @param rewardErrors completions whose reward failed and scored 0 ({@code on_reward_error: skip})
 * @param rolloutTokens completion tokens generated
 * @param rolloutTokensPerSecond generation throughput
 * @param learnerTokensPerSecond learner throughput (forward and backward)
 * @param rolloutSeconds generation wall time
 * @param rewardSeconds scoring the completions with the reward function, wall time
 * @param learnerSeconds learner update time
 * @param targetSeconds the learner's forward pass for the target log-probs (and the reference's, with a KL penalty),
 *     before the update
 * @param publishSeconds time to publish the weights and the plan to the workers
 * @param stepSeconds the whole step
 * @param testAccuracy greedy test accuracy after this step, when the run evaluated here; null otherwise
 * @param pipelined what the {@code one-step-off} pipeline adds; null for {@code sync} runs, whose lines are as
 *     they were before pipelines existed
 */
public record StepReport(long step, long dataPosition, double rewardMean, double trainAccuracy,
    double responseLengthMean, int planLayers, List<Integer> planSkipped, String planPolicy, double planCost,
    double loss, double gradNorm, double learningRate, double entropy, double klReference, double ratioMean,
    double ratioMin, double ratioMax, double ess, double klBehaviorTarget, double clipFraction, boolean skipped,
    int rewardErrors, long rolloutTokens, double rolloutTokensPerSecond, double learnerTokensPerSecond,
    double rolloutSeconds, double rewardSeconds, double learnerSeconds, double targetSeconds, double publishSeconds,
    double stepSeconds, Double testAccuracy, Pipelined pipelined) {
  public StepReport {
    planSkipped = List.copyOf(planSkipped);
  }

  /** A report of a {@code sync} step. */
  public StepReport(long step, long dataPosition, double rewardMean, double trainAccuracy,
      double responseLengthMean, int planLayers, List<Integer> planSkipped, String planPolicy, double planCost,
      double loss, double gradNorm, double learningRate, double entropy, double klReference, double ratioMean,
      double ratioMin, double ratioMax, double ess, double klBehaviorTarget, double clipFraction, boolean skipped,
      int rewardErrors, long rolloutTokens, double rolloutTokensPerSecond, double learnerTokensPerSecond,
      double rolloutSeconds, double rewardSeconds, double learnerSeconds, double targetSeconds,
      double publishSeconds, double stepSeconds, Double testAccuracy) {
    this(step, dataPosition, rewardMean, trainAccuracy, responseLengthMean, planLayers, planSkipped, planPolicy,
        planCost, loss, gradNorm, learningRate, entropy, klReference, ratioMean, ratioMin, ratioMax, ess,
        klBehaviorTarget, clipFraction, skipped, rewardErrors, rolloutTokens, rolloutTokensPerSecond,
        learnerTokensPerSecond, rolloutSeconds, rewardSeconds, learnerSeconds, targetSeconds, publishSeconds,
        stepSeconds, testAccuracy, null);
  }

  /**
   * What a step of the {@code one-step-off} pipeline reports beyond a {@code sync} step.
   *
   * @param behaviorVersion the policy version (updates applied) of the weights the step's batch was generated
   *     from
   * @param staleness updates between those weights and the ones the step updated: 1, or 0 on a run's first step
   * @param overlapSeconds wall time of the overlapped section: from starting the next step's generation until both
   *     it and this step's scoring and update were done
   * @param waitSeconds how long of that the step waited for the generation after its own update was done
   */
  public record Pipelined(long behaviorVersion, long staleness, double overlapSeconds, double waitSeconds) {}

  /** This report with the test accuracy measured after the step. */
  public StepReport withTestAccuracy(double accuracy) {
    return new StepReport(step, dataPosition, rewardMean, trainAccuracy, responseLengthMean, planLayers,
        planSkipped, planPolicy, planCost, loss, gradNorm, learningRate, entropy, klReference, ratioMean, ratioMin,
        ratioMax, ess, klBehaviorTarget, clipFraction, skipped, rewardErrors, rolloutTokens, rolloutTokensPerSecond,
        learnerTokensPerSecond, rolloutSeconds, rewardSeconds, learnerSeconds, targetSeconds, publishSeconds,
        stepSeconds, accuracy, pipelined);
  }

  /** This report of a pipelined step, whose whole wall time is {@code seconds}. */
  public StepReport withPipelined(Pipelined value, double seconds) {
    return new StepReport(step, dataPosition, rewardMean, trainAccuracy, responseLengthMean, planLayers,
        planSkipped, planPolicy, planCost, loss, gradNorm, learningRate, entropy, klReference, ratioMean, ratioMin,
        ratioMax, ess, klBehaviorTarget, clipFraction, skipped, rewardErrors, rolloutTokens, rolloutTokensPerSecond,
        learnerTokensPerSecond, rolloutSeconds, rewardSeconds, learnerSeconds, targetSeconds, publishSeconds, seconds,
        testAccuracy, value);
  }

  /**
   * The metrics by their documented names, in a stable order; {@code test_accuracy} only when measured, the
   * pipeline's fields only for pipelined steps.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("data_position", dataPosition);
    m.put("reward_mean", rewardMean);
    m.put("train_accuracy", trainAccuracy);
    m.put("response_length_mean", responseLengthMean);
    m.put("plan_layers", planLayers);
    m.put("plan_skipped", planSkipped);
    m.put("plan_policy", planPolicy);
    if (!Double.isNaN(planCost)) {
      m.put("plan_cost", planCost);
    }
    m.put("loss", loss);
    m.put("grad_norm", gradNorm);
    m.put("learning_rate", learningRate);
    m.put("entropy", entropy);
    m.put("kl_reference", klReference);
    m.put("ratio_mean", ratioMean);
    m.put("ratio_min", ratioMin);
    m.put("ratio_max", ratioMax);
    m.put("ess", ess);
    m.put("kl_behavior_target", klBehaviorTarget);
    m.put("clip_fraction", clipFraction);
    m.put("skipped", skipped);
    m.put("reward_errors", rewardErrors);
    m.put("rollout_tokens", rolloutTokens);
    m.put("rollout_tokens_per_s", rolloutTokensPerSecond);
    m.put("learner_tokens_per_s", learnerTokensPerSecond);
    m.put("rollout_s", rolloutSeconds);
    m.put("reward_s", rewardSeconds);
    m.put("learner_s", learnerSeconds);
    m.put("target_logprobs_s", targetSeconds);
    m.put("publish_s", publishSeconds);
    m.put("step_s", stepSeconds);
    if (pipelined != null) {
      m.put("behavior_version", pipelined.behaviorVersion());
      m.put("staleness", pipelined.staleness());
      m.put("overlap_s", pipelined.overlapSeconds());
      m.put("rollout_wait_s", pipelined.waitSeconds());
    }
    if (testAccuracy != null) {
      m.put("test_accuracy", testAccuracy);
    }
    return m;
  }

  /** The numeric metrics, without {@code step} (nor the flags and lists): what TensorBoard plots. */
  public Map<String, Double> scalars() {
    Map<String, Double> out = new LinkedHashMap<>();
    toMap().forEach((k, v) -> {
      if (v instanceof Number n && !k.equals("step")) {
        out.put(k, n.doubleValue());
      }
    });
    return out;
  }

  /** Whether a metric is a measurement of time (excluded when comparing runs for exact resumption). */
  public static boolean isTiming(String name) {
    return name.endsWith("_s") || name.endsWith("_ms") || name.endsWith("_per_s");
  }
}
