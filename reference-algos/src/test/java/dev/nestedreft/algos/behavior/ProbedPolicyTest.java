package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.PlanFeedback;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code probed}: the contract with a probe file (every policy also runs it with the trainer's costs, in
 * {@code BehaviorPolicyContractTest}), then the distribution it draws from and its errors.
 */
class ProbedPolicyTest extends ProbeFileContract {
  /**
   * Costs of skipping each layer of an 8-layer model: layer 1 costly (as in our runs), layers 2 to 4 cheapest and
   * within 0.002 of each other, 5 and 6 in between; the ends are protected by default.
   */
  private static final double[] COSTS = {0.01, 0.30, 0.050, 0.051, 0.049, 0.20, 0.25, 0.02};

  private final ProbedPolicyFactory factory = new ProbedPolicyFactory();
  private final ModelSpec eight = Specs.layers(8);

  @Override
  BehaviorPolicyFactory factory() {
    return factory;
  }

  private BehaviorPolicy probed(String params, double[] costs, long seed) {
    BehaviorPolicy policy = Specs.create(factory, params, seed);
    policy.useLayerCosts(Specs.probe(costs));
    return policy;
  }

  /** The Plackett–Luce probability of each skip pair {a, b} with weights w: a first then b, or b first then a. */
  private static Map<LayerPlan, Double> pairProbabilities(double[] w, int lo) {
    double total = 0;
    for (double v : w) {
      total += v;
    }
    Map<LayerPlan, Double> out = new HashMap<>();
    for (int a = 0; a < w.length; a++) {
      for (int b = a + 1; b < w.length; b++) {
        double p = w[a] / total * w[b] / (total - w[a]) + w[b] / total * w[a] / (total - w[b]);
        out.put(LayerPlan.skipping(8, lo + a, lo + b), p);
      }
    }
    return out;
  }

  /** The documented weights {@code exp(−(c − c_min)/(τ·s))} of the layers 1 to 6 of {@link #COSTS}. */
  private static double[] weights(double temperature) {
    double[] c = Arrays.copyOfRange(COSTS, 1, 7);
    double min = Arrays.stream(c).min().orElseThrow();
    double s = Arrays.stream(c).map(v -> v - min).average().orElseThrow();
    return Arrays.stream(c).map(v -> Math.exp(-(v - min) / (temperature * s))).toArray();
  }

  @Test
  void drawsTheCheapestLayersFarMoreOftenThanTheCostliestAndNeverOnePlanAlone() {
    BehaviorPolicy policy = probed("k=2", COSTS, 3);
    int n = 4000;
    int[] counts = Specs.skipCounts(policy, 8, n);
    Map<LayerPlan, Integer> plans = new HashMap<>();
    for (long step = 0; step < n; step++) {
      plans.merge(policy.draw(step, eight).plan(), 1, Integer::sum);
    }
    // Weights at τ = 0.5 (s = 0.101): layers 2–4 about 1, layer 5 0.05, layer 6 0.019, layer 1 0.0069. Layer 4, the
    // cheapest, is in about two plans in three; layer 1 in about one in a hundred.
    assertThat(counts[4]).isGreaterThan(n / 2);
    assertThat(counts[1]).isLessThan(n / 50);
    assertThat(counts[4]).isGreaterThan(30 * counts[1]);
    assertThat(counts[0]).isZero();
    assertThat(counts[7]).isZero();
    // The three pairs of the near-equal layers 2–4 share the draws; none takes half.
    for (LayerPlan near : List.of(LayerPlan.skipping(8, 2, 3), LayerPlan.skipping(8, 2, 4),
        LayerPlan.skipping(8, 3, 4))) {
      assertThat(plans.getOrDefault(near, 0)).as("%s", near).isBetween(n / 5, n / 2);
    }
  }

  @Test
  void followsThePlackettLuceDistribution() {
    for (double temperature : new double[] {0.5, 2}) {
      BehaviorPolicy policy = probed("k=2,temperature=" + temperature, COSTS, 11);
      int n = 20_000;
      Map<LayerPlan, Integer> counts = new HashMap<>();
      for (long step = 0; step < n; step++) {
        counts.merge(policy.draw(step, eight).plan(), 1, Integer::sum);
      }
      // 20,000 draws: the standard error of a frequency is at most 0.0036; 0.015 is four of them.
      pairProbabilities(weights(temperature), 1).forEach((plan, p) ->
          assertThat(counts.getOrDefault(plan, 0) / (double) n).as("τ = %s, %s", temperature, plan)
              .isCloseTo(p, within(0.015)));
    }
  }

  @Test
  void theTemperatureSharpensOrFlattensTheDraw() {
    // τ = 0.02: weights of layers 5, 6, 1 below e^-70; only the near-equal layers 2–4 are drawn.
    int[] sharp = Specs.skipCounts(probed("k=2,temperature=0.02", COSTS, 5), 8, 2000);
    assertThat(sharp[1] + sharp[5] + sharp[6]).isZero();
    assertThat(sharp[2]).isPositive();
    assertThat(sharp[3]).isPositive();
    // τ = 1000: every weight within 0.5% of 1, nearly random-skip: each layer in a third of the draws.
    int[] flat = Specs.skipCounts(probed("k=2,temperature=1000", COSTS, 5), 8, 6000);
    for (int layer = 1; layer <= 6; layer++) {
      assertThat(flat[layer] / 6000.0).as("layer %d", layer).isCloseTo(1 / 3.0, within(0.03));
    }
  }

  @Test
  void equalCostsDrawUniformly() {
    int[] counts = Specs.skipCounts(probed("k=2", new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 2), 8,
        6000);
    for (int layer = 1; layer <= 6; layer++) {
      assertThat(counts[layer] / 6000.0).as("layer %d", layer).isCloseTo(1 / 3.0, within(0.03));
    }
  }

  /** The signals rank layers differently here: kl prefers 2 and 3, ess 4 and 5, reward 5 and 6. */
  @Test
  void theSignalChoosesWhichFigureIsTheCost() {
    double[] kl = {0, 0.30, 0.01, 0.02, 0.20, 0.20, 0.20, 0};
    double[] ess = {1, 0.50, 0.60, 0.60, 0.99, 0.98, 0.60, 1};
    double[] reward = {0.84, 0.40, 0.40, 0.40, 0.40, 0.83, 0.82, 0.84};
    List<LayerCost> rows = new ArrayList<>();
    for (int layer = 0; layer < 8; layer++) {
      rows.add(new LayerCost(layer, kl[layer], kl[layer], ess[layer], reward[layer], 1000));
    }
    LayerCosts probe = new LayerCosts(8, rows, new LayerCost(-1, 0, 0, 1, 0.84, 800));
    Map<String, int[]> expected = Map.of("kl", new int[] {2, 3}, "ess", new int[] {4, 5}, "reward",
        new int[] {5, 6});
    Map<String, Double> cost = Map.of("kl", 0.01 + 0.02, "ess", (1 - 0.99) + (1 - 0.98), "reward",
        (0.84 - 0.83) + (0.84 - 0.82));
    expected.forEach((signal, skipped) -> {
      BehaviorPolicy policy = Specs.create(factory, "k=2,temperature=0.01,signal=" + signal, 4);
      policy.useLayerCosts(probe);
      for (long step = 0; step < 50; step++) {
        PlanDraw draw = policy.draw(step, eight);
        assertThat(draw.plan().skipped()).as("%s, step %d", signal, step).containsExactly(skipped);
        assertThat(draw.estimatedCost()).as("%s: Σ of the chosen layers' costs", signal)
            .isCloseTo(cost.get(signal), within(1e-12));
      }
    });
  }

  @Test
  void theEstimatedCostIsTheSumOfTheChosenLayersCosts() {
    BehaviorPolicy policy = probed("k=3,protect_ends=false", COSTS, 8);
    for (long step = 0; step < 100; step++) {
      PlanDraw draw = policy.draw(step, eight);
      Specs.assertEstimatedCost(draw, COSTS);
      Specs.assertRecorded(draw, "probed", step, 8);
    }
  }

  @Test
  void withoutAProbeItAsksForCostsAndKeepsThemInItsState() {
    BehaviorPolicy policy = Specs.create(factory, "k=2", 1);
    assertThat(policy.needsLayerCosts()).isTrue();
    assertThat(policy.saveState()).isEqualTo("{\"policy\":\"probed\"}");
    assertThatThrownBy(() -> policy.draw(0, eight)).isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'probed': no layer costs to draw from; give the parameter probe=FILE (written by "
            + "nested-reft probe-layers --json) or let the trainer probe the model first (it does when the policy "
            + "needs layer costs)");
    policy.useLayerCosts(Specs.probe(COSTS));
    assertThat(policy.needsLayerCosts()).isFalse();
    String state = policy.saveState();
    assertThat(LayerCostsJson.parse(state, "the state")).isEqualTo(Specs.probe(COSTS));

    BehaviorPolicy resumed = Specs.create(factory, "k=2", 1);
    resumed.restoreState(state);
    assertThat(resumed.needsLayerCosts()).isFalse();
    for (long step = 0; step < 20; step++) {
      assertThat(resumed.draw(step, eight)).isEqualTo(policy.draw(step, eight));
    }
    // The empty state is the parameters' state: no probe, so costs are needed again.
    resumed.restoreState("");
    assertThat(resumed.needsLayerCosts()).isTrue();
    // Feedback teaches it nothing.
    policy.observe(new PlanFeedback(0, LayerPlan.skipping(8, 2, 3), 9, 0, 0, false));
    assertThat(policy.saveState()).isEqualTo(state);
  }

  @Test
  void aProbeFileIsReadAtCreationAndItsDepthCheckedAtTheDraw() {
    Path file = Specs.write(dir, "eight.json", Specs.probe(COSTS));
    BehaviorPolicy policy = Specs.create(factory, "k=2,probe=" + file, 0);
    assertThat(policy.needsLayerCosts()).isFalse();
    assertThat(policy.draw(0, eight).plan().skipped()).hasSize(2);
    assertThatThrownBy(() -> policy.draw(0, Specs.layers(12))).isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'probed': the layer probe %s is for a 8-layer model, but the model has 12 layers", file);
  }

  @Test
  void clearErrors() {
    double[] missing3 = COSTS.clone();
    missing3[3] = Double.NaN;
    Path partial = Specs.write(dir, "partial.json", Specs.probe(missing3));
    assertThatThrownBy(() -> Specs.create(factory, "k=2,probe=" + partial, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'probed': the layer probe %s did not measure layer 3, which the skippable range [1, 6] "
            + "of the 8-layer model holds; probe every layer of the range or narrow it with min_layer/max_layer",
            partial);
    // A range without layer 3 is fine.
    assertThat(Specs.create(factory, "k=2,min_layer=4,probe=" + partial, 0).draw(0, eight).plan().skipped())
        .doesNotContain(1, 2, 3);
    BehaviorPolicy needs = Specs.create(factory, "k=2", 0);
    assertThatThrownBy(() -> needs.useLayerCosts(Specs.probe(missing3)))
        .hasMessageContaining("behavior 'probed': the layer probe the trainer ran did not measure layer 3");
    assertThat(needs.needsLayerCosts()).isTrue();

    List<LayerCost> rows = new ArrayList<>(Specs.probe(COSTS).layers());
    rows.set(3, new LayerCost(3, Double.POSITIVE_INFINITY, 0, 0, 0, 0));
    assertThatThrownBy(() -> needs.useLayerCosts(new LayerCosts(8, rows, Specs.probe(COSTS).full())))
        .hasMessageContaining("gives layer 3 a kl cost of Infinity; every layer of the skippable range needs a finite "
            + "one");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,probe=" + dir.resolve("absent.json"), 0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("absent.json: cannot read the layer probe");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,probe=", 0))
        .hasMessageContaining("parameter 'probe' must name a layer probe file");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,signal=latency", 0))
        .hasMessage("behavior 'probed': parameter 'signal' must be kl, ess or reward, got 'latency'");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,temperature=0", 0))
        .hasMessage("behavior 'probed': parameter 'temperature' must be > 0, got '0'");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,temperature=-1", 0))
        .hasMessageContaining("parameter 'temperature' must be > 0");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,fraction=0.25", 0)).hasMessageContaining("got both");
    assertThatThrownBy(() -> probed("k=7", COSTS, 0).draw(0, eight))
        .hasMessage("behavior 'probed': k=7 skips 7 layers, but only 6 layers [1, 6] of the 8-layer model may be "
            + "skipped");
  }

  @Test
  void aStateThatIsNotOneOfItsOwnIsRefusedByName() {
    BehaviorPolicy policy = probed("k=2", COSTS, 0);
    String before = policy.saveState();
    for (String garbage : List.of("not json", "[1, 2]", "{\"policy\": \"adaptive\"}", "{\"num_layers\": 8}",
        "{\"policy\": \"probed\", \"num_layers\": 8}",
        "{\"policy\": \"probed\", \"num_layers\": 8, \"full\": {}, \"layers\": []}")) {
      assertThatThrownBy(() -> policy.restoreState(garbage)).as(garbage).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("behavior 'probed' state: ");
      assertThat(policy.saveState()).as("unchanged after %s", garbage).isEqualTo(before);
    }
    // A probe that misses a layer the parameters may skip.
    double[] missing3 = COSTS.clone();
    missing3[3] = Double.NaN;
    BehaviorPolicy other = probed("k=2,min_layer=4", missing3, 0);
    assertThatThrownBy(() -> policy.restoreState(other.saveState()))
        .hasMessage("behavior 'probed' state: the layer probe the trainer ran did not measure layer 3, which the "
            + "skippable range [1, 6] of the 8-layer model holds; probe every layer of the range or narrow it with "
            + "min_layer/max_layer");
  }
}
