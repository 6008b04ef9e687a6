package dev.nestedreft.api.probe;

import dev.nestedreft.spi.algo.LayerCosts;
import java.util.List;

/**
 * A layer probe's result.
 *
 * @param settings what was measured and how
 * @param task the task the prompts came from
 * @param costs the full model and every layer skipped alone ({@link LayerCosts}, the probe file's content)
 * @param backendMismatch the full model's samples measured as any plan's (ρ against the learner, as for every plan):
 *     the numerical difference between the rollout and learner backends, which every other row also carries
 * @param searches one per skip fraction, in the order asked
 */
public record ProbeReport(ProbeSettings settings, String task, LayerCosts costs, PlanFigures backendMismatch,
    List<SkipSetSearch> searches) {
  public ProbeReport {
    searches = List.copyOf(searches);
  }

  /** The full model's rollout tokens/s, which the throughput ratios divide by. */
  public double fullTokensPerSecond() {
    return costs.full().tokensPerSecond();
  }
}
