package dev.nestedreft.api.probe;

import dev.nestedreft.spi.algo.CorrectionDiagnostics;
import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.List;

/**
 * What one plan's samples say about it, timing aside: a function of the weights, the prompts and the sampling seed,
 * so the same probe gives the same figures. {@code ρ = π_target / π_behavior} per token, from the rows' behavior
 * log-probs and the learner's target log-probs.
 *
 * @param kl per-token KL(behavior ‖ target) in nats, the k3 estimate {@code mean(ρ − 1 − log ρ)} over every token:
 *     the training metric {@code kl_behavior_target} ({@link CorrectionDiagnostics})
 * @param k1 the plain estimate {@code mean(−log ρ)}
 * @param ess effective sample size of the sequence ratios as a fraction of the samples ({@link CorrectionDiagnostics},
 *     computed stably)
 * @param reward mean reward of the samples
 */
public record PlanFigures(double kl, double k1, double ess, double reward) {
  /**
   * The figures of samples with these target and behavior log-probs (one array per row) and rewards.
   *
   * @throws IllegalArgumentException when the rows do not match
   */
  public static PlanFigures of(List<float[]> target, List<float[]> behavior, double[] rewards) {
    SequenceLogprobs logprobs = SequenceLogprobs.of(target, behavior);
    // No correction is applied: the weights only feed the clipped fraction, which the probe does not report.
    CorrectionDiagnostics d = CorrectionDiagnostics.of(logprobs, CorrectionWeights.of(List.of(), 0));
    double negLogRatio = 0;
    for (int i = 0; i < logprobs.sequences(); i++) {
      negLogRatio -= logprobs.sequenceLogRatio(i);
    }
    long tokens = logprobs.totalTokens();
    return new PlanFigures(d.klBehaviorTarget(), tokens == 0 ? 0 : negLogRatio / tokens, d.effectiveSampleSize(),
        mean(rewards));
  }

  /** The figures of the target policy itself ({@code ρ ≡ 1}): kl and k1 0, ess 1. */
  public static PlanFigures onPolicy(double reward) {
    return new PlanFigures(0, 0, 1, reward);
  }

  /** The mean of each figure over {@code all}; NaN figures for none. */
  public static PlanFigures mean(List<PlanFigures> all) {
    return new PlanFigures(all.stream().mapToDouble(PlanFigures::kl).average().orElse(Double.NaN),
        all.stream().mapToDouble(PlanFigures::k1).average().orElse(Double.NaN),
        all.stream().mapToDouble(PlanFigures::ess).average().orElse(Double.NaN),
        all.stream().mapToDouble(PlanFigures::reward).average().orElse(Double.NaN));
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }
}
