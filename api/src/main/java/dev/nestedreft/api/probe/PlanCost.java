package dev.nestedreft.api.probe;

import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.model.LayerPlan;

/**
 * A probed plan: its figures and its rollout throughput.
 *
 * @param plan the behavior plan
 * @param figures what its samples say (deterministic)
 * @param tokensPerSecond the median rollout tokens/s over the timed rounds (varies from run to run)
 */
public record PlanCost(LayerPlan plan, PlanFigures figures, double tokensPerSecond) {
  /** As the probe file's row of {@code layer} ({@code -1} for the full model). */
  public LayerCost toLayerCost(int layer) {
    return new LayerCost(layer, figures.kl(), figures.k1(), figures.ess(), figures.reward(), tokensPerSecond);
  }
}
