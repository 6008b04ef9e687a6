package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.model.LayerPlan;

/**
 * What a drawn plan cost, as the learner measured it on the batch the plan generated: given back to the behavior
 * policy ({@link BehaviorPolicy#observe}) after the step's update, before the next draw.
 *
 * @param step the step the plan was drawn for (0-based, as {@link PlanDraw#step()})
 * @param plan the plan that generated the batch
 * @param klBehaviorTarget per-token KL(behavior ‖ target), {@link CorrectionDiagnostics#klBehaviorTarget()}
 * @param effectiveSampleSize of the sequence ratios as a fraction of the rows,
 *     {@link CorrectionDiagnostics#effectiveSampleSize()}
 * @param behaviorReward mean reward of the behavior's samples
 * @param updateSkipped whether the learner skipped the update (a non-finite loss or gradient); the figures may then
 *     be NaN
 */
public record PlanFeedback(long step, LayerPlan plan, double klBehaviorTarget, double effectiveSampleSize,
    double behaviorReward, boolean updateSkipped) {}
