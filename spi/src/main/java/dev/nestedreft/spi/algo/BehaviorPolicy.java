package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.model.ModelSpec;

/**
 * Chooses the behavior model for each batch: which of the target model's decoder layers the rollouts run. The
 * full plan is standard ReFT; Nested-ReFT draws a fresh nested plan per batch. A draw is a function of the
 * policy's seed and the step only, so a resumed run draws the same plans.
 */
public interface BehaviorPolicy {
  String name();

  PlanDraw draw(long step, ModelSpec spec);
}
