package dev.nestedreft.api.probe;

import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Measures what skipping decoder layers costs the behavior model, on its own samples: for the full model and for
 * each layer skipped alone, then for the skip sets a greedy search finds for each skip budget (beside random sets of
 * the same size), the per-token KL(behavior ‖ target), the effective sample size of the importance ratios, the
 * reward, and the rollout throughput.
 *
 * <p>Every plan samples the same prompts with the same seed. Its figures are therefore a function of the weights and
 * the settings alone; only the tokens/s vary between runs. The throughput is measured after everything else, every
 * plan having generated once (the warm-up), in {@link ProbeSettings#timedRounds()} interleaved rounds, each plan's
 * median round counting.
 */
public final class LayerProbe {
  private LayerProbe() {}

  /**
   * Runs the probe. Checks the settings against the model before any work; updates nothing, and leaves the workers
   * holding the last plan probed.
   *
   * @param progress one line per phase (for stderr)
   * @throws dev.nestedreft.spi.InvalidInputException when a skip fraction does not fit the model
   */
  public static ProbeReport run(ProbeSettings settings, ProbeInputs in, Consumer<String> progress) {
    int numLayers = in.spec().numHiddenLayers();
    SkippableLayers range = settings.skippable(numLayers);
    List<Integer> counts = check(settings, in.spec());
    LayerPlan full = in.spec().fullPlan();
    List<LayerPlan> singles = new ArrayList<>();
    if (numLayers > 1) { // a one-layer model cannot skip its layer
      for (int layer = 0; layer < numLayers; layer++) {
        singles.add(LayerPlan.skipping(numLayers, layer));
      }
    }
    try (PlanProbe probe = new PlanProbe(settings, in)) {
      progress.accept(String.format("full model and %d layers skipped alone: %d prompts x %d samples each",
          singles.size(), settings.prompts(), settings.samples()));
      probe.figures(full);
      for (LayerPlan plan : singles) {
        probe.figures(plan);
      }
      Map<Integer, GreedySkipSearch.Found> found = GreedySkipSearch.run(range, new TreeSet<>(counts),
          settings.beam(), probe::figures, progress);
      Map<Integer, List<LayerPlan>> random = new LinkedHashMap<>();
      for (int k : new TreeSet<>(counts)) {
        List<LayerPlan> drawn = RandomSets.draw(in.algorithms(), in.spec(), k, settings.protectEnds(),
            settings.seed(), settings.randomSets());
        progress.accept(String.format("random sets: %d of %d layers", drawn.size(), k));
        drawn.forEach(probe::figures);
        random.put(k, drawn);
      }

      Set<LayerPlan> timed = new LinkedHashSet<>();
      timed.add(full);
      timed.addAll(singles);
      found.values().forEach(f -> timed.add(f.plan()));
      random.values().forEach(timed::addAll);
      Map<LayerPlan, Double> speed = ThroughputRounds.median(probe, List.copyOf(timed), settings.timedRounds(),
          progress);

      List<LayerCost> layers = new ArrayList<>();
      for (int i = 0; i < singles.size(); i++) {
        layers.add(cost(probe, speed, singles.get(i)).toLayerCost(i));
      }
      LayerCosts costs = new LayerCosts(numLayers, layers, cost(probe, speed, full).toLayerCost(-1));
      List<SkipSetSearch> searches = new ArrayList<>();
      for (int i = 0; i < counts.size(); i++) {
        int k = counts.get(i);
        GreedySkipSearch.Found f = found.get(k);
        searches.add(new SkipSetSearch(settings.skipFractions().get(i), k, f.order(), cost(probe, speed, f.plan()),
            random.get(k).stream().map(plan -> cost(probe, speed, plan)).toList()));
      }
      return new ProbeReport(settings, in.task().name(), costs, probe.backendMismatch(), searches);
    }
  }

  /**
   * The number of layers each skip fraction means for {@code spec}, in order; what {@link #run} checks before any
   * work, for callers that check before they open backends.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when a fraction asks for more layers than the skippable range
   *     holds, or for every layer
   */
  public static List<Integer> check(ProbeSettings settings, ModelSpec spec) {
    SkippableLayers range = settings.skippable(spec.numHiddenLayers());
    return settings.skipFractions().stream().map(range::count).toList();
  }

  private static PlanCost cost(PlanProbe probe, Map<LayerPlan, Double> speed, LayerPlan plan) {
    return new PlanCost(plan, probe.figures(plan), speed.get(plan));
  }
}
