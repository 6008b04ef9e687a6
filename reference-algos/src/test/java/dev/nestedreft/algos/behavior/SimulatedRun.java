package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.PlanFeedback;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * A training run without a model, for the learning policies: each step draws a plan, and its feedback reports
 * KL(behavior ‖ target) = the sum of the skipped layers' true costs plus Gaussian noise; the behavior's reward is
 * 0.84 minus that, its ESS {@code exp(−kl)}. The true costs may change with the step (a drifting target).
 */
final class SimulatedRun {
  private final LongFunction<double[]> trueCosts;
  private final double noiseSd;
  private final long noiseSeed;

  /**
   * @param trueCosts the cost of skipping each layer alone at a step, indexed by layer
   * @param noiseSd the standard deviation of the noise on a step's KL
   */
  SimulatedRun(LongFunction<double[]> trueCosts, double noiseSd, long noiseSeed) {
    this.trueCosts = trueCosts;
    this.noiseSd = noiseSd;
    this.noiseSeed = noiseSeed;
  }

  /** Constant costs. */
  SimulatedRun(double[] costs, double noiseSd, long noiseSeed) {
    this(step -> costs, noiseSd, noiseSeed);
  }

  /** What {@code plan} truly costs at {@code step}. */
  double cost(long step, LayerPlan plan) {
    double sum = 0;
    for (int layer : plan.skipped()) {
      sum += trueCosts.apply(step)[layer];
    }
    return sum;
  }

  PlanFeedback feedback(PlanDraw draw) {
    double kl = cost(draw.step(), draw.plan())
        + noiseSd * new Random(noiseSeed * 1_000_003L + draw.step()).nextGaussian();
    return new PlanFeedback(draw.step(), draw.plan(), kl, Math.exp(-kl), 0.84 - kl, false);
  }

  /** Steps {@code from} to {@code to − 1}: draw, then observe the feedback; the draws, in order. */
  List<PlanDraw> run(BehaviorPolicy policy, ModelSpec spec, long from, long to) {
    List<PlanDraw> draws = new ArrayList<>();
    for (long step = from; step < to; step++) {
      PlanDraw draw = policy.draw(step, spec);
      draws.add(draw);
      policy.observe(feedback(draw));
    }
    return draws;
  }
}
