package dev.nestedreft.algos.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.DoubleParam;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.ParamSpec;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.PlanFeedback;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code adaptive}: learns what skipping each layer of the skippable range {@code [lo, hi]} costs from the
 * feedback of the steps it has run, and skips {@code k} layers by Thompson sampling with uniform exploration.
 *
 * <p>The cost {@code y} of a step is its feedback's {@link CostSignal}; the policy models it as additive over the
 * skipped layers, {@code y(S) = Σ_{l∈S} θ_l + ε}, and keeps a Gaussian posterior over {@code θ}
 * ({@link LayerPosterior}: prior {@code N(μ0, σ0²)} per layer, noise {@code σ}, forgetting {@code γ} because the
 * costs drift as the target trains). {@code μ0} is the cost a layer probe measured ({@code probe=FILE}), else the
 * constant {@code prior_mean}. The draw of step {@code t}, from {@link StepRandom#of(long, long)
 * StepRandom.of(seed, t)}: with probability {@code ε} a uniform {@code k}-subset (as {@code random-skip}),
 * otherwise a sample {@code θ̃} of the posterior and the {@code k} layers of lowest {@code θ̃_l}. The draw's
 * {@code estimatedCost} is {@code Σ_{l∈S}} of the posterior means.
 *
 * <p>Feedback of a skipped update, or with a non-finite cost, is ignored. The model's depth is fixed by the probe
 * or by the first feedback; before any, a draw samples the prior of whatever depth it is asked for. The saved state
 * is the posterior ({@link LayerPosterior#writeTo}); {@code prior_sd}, {@code noise_sd}, {@code forget} and
 * {@code epsilon} are parameters and are read again on resume.
 *
 * <p>Not thread-safe: one thread, as {@link dev.nestedreft.spi.algo.BehaviorPolicy} says.
 *
 * @see <a href="https://arxiv.org/abs/1707.02038">Russo, Van Roy, Kazerouni, Osband and Wen, A Tutorial on
 *     Thompson Sampling (2018)</a>
 */
final class AdaptivePolicy extends SkipRangePolicy {
  static final String NAME = "adaptive";

  /**
   * A uniform plan one step in ten, about 6 in a 60-step run: each layer of 6 is still measured about twice at
   * {@code k = 2} should the posterior be confidently wrong (a cost that is not additive, a drift unseen).
   */
  static final double DEFAULT_EPSILON = 0.1;
  /** A memory of about {@code 1 / (1 − γ) = 20} steps: long against the noise, short against a 60-step run. */
  static final double DEFAULT_FORGET = 0.95;
  /**
   * Per layer, in the signal's units: a little below the 0.1–0.17 nats per layer that KL measures in our runs
   * (0.2–0.35 per step at {@code k = 2}), so an unmeasured layer looks worth trying.
   */
  static final double DEFAULT_PRIOR_MEAN = 0.1;
  /** Holds a layer costing 0.3, as layer 1 did in our runs, within two standard deviations of the prior mean. */
  static final double DEFAULT_PRIOR_SD = 0.1;
  /** The step-to-step scatter of one plan's cost: batches differ, and the target moves. */
  static final double DEFAULT_NOISE_SD = 0.05;

  static final DoubleParam EPSILON = DoubleParam.of("epsilon", DEFAULT_EPSILON)
      .where(v -> v >= 0 && v <= 1, "must be in [0, 1]");
  static final DoubleParam FORGET = DoubleParam.of("forget", DEFAULT_FORGET)
      .where(v -> v > 0 && v <= 1, "must be in (0, 1]");
  /** Any finite number; declared with a description since no check applies. */
  static final ParamSpec PRIOR_MEAN = ParamSpec.described(ParamInfo.of("prior_mean",
      ParamInfo.format(DEFAULT_PRIOR_MEAN), "per-layer cost before any feedback, in the signal's units; not with "
      + "probe"));
  static final DoubleParam PRIOR_SD = DoubleParam.of("prior_sd", DEFAULT_PRIOR_SD).positive();
  static final DoubleParam NOISE_SD = DoubleParam.of("noise_sd", DEFAULT_NOISE_SD).positive();

  private final CostSignal signal;
  private final double epsilon;
  private final double forget;
  private final double priorMean;
  private final double priorSd;
  private final double noiseSd;
  /** {@code r_ref} of {@link CostSignal#REWARD}. */
  private final double rewardRef;
  /** The costs of parameter {@code probe}; null without one. */
  private final ProbeCosts probe;
  /** The prior of the probe's depth, or null without a probe. */
  private final LayerPosterior initial;
  /** What has been learned; null until the depth is known. */
  private LayerPosterior learned;

  AdaptivePolicy(Params params, long seed) {
    super(NAME, params, seed);
    this.signal = CostSignal.PARAM.read(params);
    this.epsilon = EPSILON.read(params);
    this.forget = FORGET.read(params);
    this.priorMean = params.getDouble("prior_mean", DEFAULT_PRIOR_MEAN);
    this.priorSd = PRIOR_SD.read(params);
    this.noiseSd = NOISE_SD.read(params);
    this.probe = ProbeCosts.read(params);
    if (probe != null && params.values().containsKey("prior_mean")) {
      throw InvalidInputException.of("%s: give either 'probe' (a prior cost per layer) or 'prior_mean' (one for "
          + "every layer), not both", owner);
    }
    this.rewardRef = probe != null ? probe.costs().full().reward() : CostSignal.DEFAULT_REWARD_REF;
    this.initial = probe == null ? null : LayerPosterior.prior(probe.numLayers(), range.lo(probe.numLayers()),
        probe.rangeCosts(signal, range, owner), priorSd);
    this.learned = initial;
  }

  @Override
  LayerPlan plan(long step, int layers) {
    int k = checkedCount(layers, "");
    LayerPosterior belief = belief(layers, "the model has " + layers + " layers");
    SplittableRandom random = StepRandom.of(seed, step);
    int[] skip = random.nextDouble() < epsilon ? SkipSets.uniform(random, belief.lo(), belief.size(), k)
        : SkipSets.lowest(belief.sample(random), belief.lo(), k);
    return LayerPlan.skipping(layers, skip);
  }

  @Override
  double estimatedCost(LayerPlan plan) {
    LayerPosterior belief = belief(plan.numLayers(), "");
    double sum = 0;
    for (int layer : plan.skipped()) {
      sum += belief.mean(layer);
    }
    return sum;
  }

  /**
   * Learns from {@code feedback}, unless its update was skipped or its cost is not finite.
   *
   * @throws InvalidInputException when its plan is for another depth than the one learned, or skips a layer
   *     outside the skippable range
   */
  @Override
  public void observe(PlanFeedback feedback) {
    double y = signal.of(feedback, rewardRef);
    if (feedback.updateSkipped() || !Double.isFinite(y)) {
      return;
    }
    LayerPlan plan = feedback.plan();
    int layers = plan.numLayers();
    LayerPosterior belief = belief(layers, "the feedback of step " + feedback.step() + " is for a plan of "
        + layers + " layers");
    int[] skipped = plan.skipped();
    for (int layer : skipped) {
      if (layer < belief.lo() || layer >= belief.lo() + belief.size()) {
        throw InvalidInputException.of("%s: the plan of step %d skips layer %d, outside the skippable range %s of "
            + "the %d-layer model: the policy learns from its own plans only (%s)", owner, feedback.step(), layer,
            range.describe(layers), layers, Arrays.toString(skipped));
      }
    }
    learned = belief.observe(feedback.step(), skipped, y, forget, noiseSd);
  }

  /**
   * The belief for an {@code layers}-layer model: what was learned, or the prior while nothing was.
   *
   * @param asked for messages, what asked for another depth
   */
  private LayerPosterior belief(int layers, String asked) {
    if (learned == null) {
      double[] mean = new double[range.size(layers)];
      Arrays.fill(mean, priorMean);
      return LayerPosterior.prior(layers, range.lo(layers), mean, priorSd);
    }
    if (learned.numLayers() != layers) {
      throw InvalidInputException.of("%s: its layer costs are those of a %d-layer model (%s%d steps of feedback), "
          + "but %s", owner, learned.numLayers(), probe == null ? "" : probe.source() + " and ",
          learned.observations(), asked);
    }
    return learned;
  }

  /** {@code {"policy": "adaptive"}} with the posterior's fields once the depth is known. */
  @Override
  public String saveState() {
    ObjectNode state = PolicyState.start(NAME);
    if (learned != null) {
      learned.writeTo(state);
    }
    return PolicyState.write(state);
  }

  /** Restores a saved state; an empty text, or one without a posterior, restores the parameters' prior. */
  @Override
  public void restoreState(String state) {
    if (state.isBlank()) {
      learned = initial;
      return;
    }
    String where = owner + " state";
    JsonNode root = PolicyState.read(state, NAME, where);
    if (!root.has("num_layers")) {
      learned = initial;
      return;
    }
    LayerPosterior restored = LayerPosterior.read(root, priorSd, where);
    int layers = restored.numLayers();
    if (restored.lo() != range.lo(layers) || restored.size() != range.size(layers)) {
      throw InvalidInputException.of("%s: it learned the costs of layers %d..%d, but the parameters make %s of the "
          + "%d-layer model skippable", where, restored.lo(), restored.lo() + restored.size() - 1,
          range.describe(layers), layers);
    }
    learned = restored;
  }
}
