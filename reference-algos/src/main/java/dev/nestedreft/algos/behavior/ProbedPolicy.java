package dev.nestedreft.algos.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.DoubleParam;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.SplittableRandom;

/**
 * {@code probed}: skips {@code k} layers of the skippable range {@code [lo, hi]} chosen among those a layer probe
 * found cheapest, at random among near-equals. With {@code c_l} the probe's cost of skipping layer {@code l} alone
 * (in the units of {@link CostSignal}), {@code c_min} the lowest over the range and {@code s} the mean of
 * {@code c_l − c_min} over the range (1 when that is 0), each step draws {@code k} layers without replacement with
 * weights {@code w_l = exp(−(c_l − c_min) / (τ · s))}: the Plackett–Luce distribution, sampled by the Gumbel-top-k
 * trick (the {@code k} largest {@code log w_l + G_l}, with {@code G_l} standard Gumbel variables from
 * {@link StepRandom#of(long, long) StepRandom.of(seed, step)}). Dividing by {@code s} makes the temperature
 * {@code τ} free of units: a layer whose excess cost is the range's average has weight {@code e^(−1/τ)} against the
 * cheapest.
 *
 * <p>The costs come from parameter {@code probe} (a file of {@code nested-reft probe-layers --json}), or from the
 * trainer, which probes the starting model when {@link #needsLayerCosts()} says so; the saved state holds them,
 * so a resumed run neither probes nor reads the file again. The draw's {@code estimatedCost} is {@code Σ_{l∈S} c_l}.
 *
 * <p>Not thread-safe: one thread, as {@link dev.nestedreft.spi.algo.BehaviorPolicy} says.
 *
 * @see <a href="https://arxiv.org/abs/1903.06059">Kool, van Hoof and Welling, Stochastic Beams and Where to Find
 *     Them: The Gumbel-Top-k Trick (2019)</a>
 */
final class ProbedPolicy extends SkipRangePolicy {
  static final String NAME = "probed";

  /**
   * The default {@code τ}: a layer whose excess cost is the range's average is drawn {@code e^2 ≈ 7} times less
   * often than the cheapest, one at twice the average {@code e^4 ≈ 55} times less, and layers within a tenth of the
   * average of each other differ by less than a fifth.
   */
  static final double DEFAULT_TEMPERATURE = 0.5;

  static final DoubleParam TEMPERATURE = DoubleParam.of("temperature", DEFAULT_TEMPERATURE).positive();

  private final CostSignal signal;
  private final double temperature;
  /** The costs of parameter {@code probe}; null without one. */
  private final ProbeCosts fromParams;
  /** The costs in use; null until given. */
  private ProbeCosts probe;
  /** {@link ProbeCosts#rangeCosts} of {@link #probe}. */
  private double[] costs;

  ProbedPolicy(Params params, long seed) {
    super(NAME, params, seed);
    this.signal = CostSignal.PARAM.read(params);
    this.temperature = TEMPERATURE.read(params);
    this.fromParams = ProbeCosts.read(params);
    use(fromParams, owner);
  }

  /**
   * Takes {@code next} (null: none), after checking it covers the skippable range.
   *
   * @param where names what gave the costs in messages
   */
  private void use(ProbeCosts next, String where) {
    double[] nextCosts = next == null ? null : next.rangeCosts(signal, range, where);
    this.probe = next;
    this.costs = nextCosts;
  }

  @Override
  public boolean needsLayerCosts() {
    return probe == null;
  }

  /** Replaces the costs with a probe the trainer ran. */
  @Override
  public void useLayerCosts(LayerCosts given) {
    use(new ProbeCosts(given, "the layer probe the trainer ran"), owner);
  }

  @Override
  LayerPlan plan(long step, int layers) {
    if (probe == null) {
      throw InvalidInputException.of("%s: no layer costs to draw from; give the parameter probe=FILE (written by "
          + "nested-reft probe-layers --json) or let the trainer probe the model first (it does when the policy "
          + "needs layer costs)", owner);
    }
    probe.checkDepth(layers, owner);
    int k = checkedCount(layers, "");
    double min = Double.POSITIVE_INFINITY;
    for (double c : costs) {
      min = Math.min(min, c);
    }
    double spread = 0;
    for (double c : costs) {
      spread += (c - min) / costs.length;
    }
    double scale = temperature * (spread > 0 ? spread : 1);
    SplittableRandom random = StepRandom.of(seed, step);
    double[] scores = new double[costs.length];
    for (int i = 0; i < costs.length; i++) {
      // Lowest (c − c_min)/(τ·s) − G first: the same order as the largest log w + G.
      scores[i] = (costs[i] - min) / scale + StrictMath.log(-StrictMath.log(random.nextDouble()));
    }
    return LayerPlan.skipping(layers, SkipSets.lowest(scores, range.lo(layers), k));
  }

  @Override
  double estimatedCost(LayerPlan plan) {
    int lo = range.lo(plan.numLayers());
    double sum = 0;
    for (int layer : plan.skipped()) {
      sum += costs[layer - lo];
    }
    return sum;
  }

  /** {@code {"policy": "probed"}} with the costs' {@link LayerCostsJson} fields and their {@code source}. */
  @Override
  public String saveState() {
    ObjectNode state = PolicyState.start(NAME);
    if (probe != null) {
      state.setAll(LayerCostsJson.toTree(probe.costs()));
      state.put("source", probe.source());
    }
    return PolicyState.write(state);
  }

  /** Restores a saved state; an empty text restores the state the parameters give (the probe file's, or none). */
  @Override
  public void restoreState(String state) {
    if (state.isBlank()) {
      use(fromParams, owner);
      return;
    }
    String where = owner + " state";
    JsonNode root = PolicyState.read(state, NAME, where);
    if (!root.has("num_layers")) {
      use(null, where);
      return;
    }
    LayerCosts restored = LayerCostsJson.fromTree(root, where);
    JsonNode source = root.get("source");
    use(new ProbeCosts(restored, source != null && source.isTextual() ? source.asText() : "the restored probe"),
        where);
  }
}
