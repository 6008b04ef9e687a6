package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.model.LayerPlan;

/**
 * A behavior plan and how it was drawn: recorded with every rollout batch so a run can be audited and replayed.
 *
 * @param plan the layers the behavior model runs
 * @param policy the behavior policy's name
 * @param step the training step it was drawn for
 * @param seed the seed of the draw (the policy's seed; the draw is a function of seed, step and the feedback of
 *     earlier steps)
 * @param estimatedCost what the policy expected the plan to cost, in the units of its cost signal (for instance
 *     KL(behavior ‖ target) in nats per token), logged as {@code plan_cost}; {@code NaN} when the policy does not
 *     estimate costs
 */
public record PlanDraw(LayerPlan plan, String policy, long step, long seed, double estimatedCost) {
  /** A draw without a cost estimate. */
  public PlanDraw(LayerPlan plan, String policy, long step, long seed) {
    this(plan, policy, step, seed, Double.NaN);
  }
}
