package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.model.LayerPlan;

/**
 * A behavior plan and how it was drawn: recorded with every rollout batch so a run can be audited and replayed.
 *
 * @param plan the layers the behavior model runs
 * @param policy the behavior policy's name
 * @param step the training step it was drawn for
 * @param seed the seed of the draw (the policy's seed; the draw is a function of seed and step)
 */
public record PlanDraw(LayerPlan plan, String policy, long step, long seed) {}
