package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.model.ModelSpec;

/**
 * Chooses the behavior model for each batch: which of the target model's decoder layers the rollouts run. The
 * full plan is standard ReFT; Nested-ReFT draws a fresh nested plan per batch.
 *
 * <p>A draw is a function of the policy's seed, the step, and what the policy learned before that step: the
 * {@link LayerCosts} it was given and the {@link PlanFeedback} of earlier steps. Drawing never changes the
 * policy's state, so the same step drawn twice gives the same plan. Because a plan depends only on earlier steps,
 * the importance ratios against the plan actually run stay exact. A policy that learns returns its state from
 * {@link #saveState()}; a resumed run restores it with {@link #restoreState(String)} and draws exactly the plans
 * an uninterrupted run would. A stateless policy keeps every default.
 *
 * <p>The trainer calls a policy from one thread.
 */
public interface BehaviorPolicy {
  String name();

  PlanDraw draw(long step, ModelSpec spec);

  /**
   * Whether the policy wants a layer probe before its first draw. When true and no state was restored, the trainer
   * probes the starting model and passes the result to {@link #useLayerCosts}.
   */
  default boolean needsLayerCosts() {
    return false;
  }

  /** Per-layer costs measured before training; ignored by default. */
  default void useLayerCosts(LayerCosts costs) {}

  /** What the plan of step {@code feedback.step()} cost, after that step's update; ignored by default. */
  default void observe(PlanFeedback feedback) {}

  /**
   * The policy's state as text (JSON by convention), written into every checkpoint; empty for a stateless policy.
   * Must round-trip exactly through {@link #restoreState(String)}.
   */
  default String saveState() {
    return "";
  }

  /**
   * Restores a state that {@link #saveState()} returned, replacing the current one.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when the text is not a state of this policy
   */
  default void restoreState(String state) {}
}
