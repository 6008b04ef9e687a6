package dev.nestedreft.api.probe;

import dev.nestedreft.spi.model.LayerPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A greedy beam search for the skip set of each size whose behavior stays closest to the target: start from the
 * empty set; at each step add each skippable layer not yet in a kept set to it, probe every resulting set, and keep
 * the {@code beam} sets of lowest measured kl (ties to the lexicographically smaller set). With beam 1 this is the
 * plain greedy search, and the set of size {@code k} is a prefix of the one of size {@code k + 1}. The beam at each
 * depth does not depend on the deepest size searched, so one search serves every size asked for.
 */
final class GreedySkipSearch {
  /**
   * The best set of one size.
   *
   * @param order the layers in the order the search added them
   * @param plan the plan that skips them
   */
  record Found(List<Integer> order, LayerPlan plan) {}

  private record Candidate(List<Integer> order, int[] sorted, LayerPlan plan) {}

  private GreedySkipSearch() {}

  /**
   * The best set of each size in {@code counts}.
   *
   * @param measure the figures of a plan (the search reads their kl)
   */
  static Map<Integer, Found> run(SkippableLayers range, SortedSet<Integer> counts, int beam,
      Function<LayerPlan, PlanFigures> measure, Consumer<String> progress) {
    int numLayers = range.numLayers();
    List<Candidate> kept = List.of(new Candidate(List.of(), new int[0], LayerPlan.full(numLayers)));
    Map<Integer, Found> out = new LinkedHashMap<>();
    int deepest = counts.isEmpty() ? 0 : counts.last();
    for (int depth = 0; ; depth++) {
      if (counts.contains(depth)) {
        out.put(depth, new Found(kept.get(0).order(), kept.get(0).plan()));
      }
      if (depth == deepest) {
        return out;
      }
      Map<LayerPlan, Candidate> next = new LinkedHashMap<>();
      for (Candidate c : kept) {
        for (int layer : range.layers()) {
          if (!c.order().contains(layer)) {
            List<Integer> order = new ArrayList<>(c.order());
            order.add(layer);
            int[] sorted = order.stream().mapToInt(Integer::intValue).sorted().toArray();
            LayerPlan plan = LayerPlan.skipping(numLayers, sorted);
            next.putIfAbsent(plan, new Candidate(List.copyOf(order), sorted, plan));
          }
        }
      }
      progress.accept(String.format("search: %d of %d layers, %d sets to probe", depth + 1, deepest, next.size()));
      Map<LayerPlan, Double> kl = new LinkedHashMap<>();
      next.keySet().forEach(plan -> kl.put(plan, measure.apply(plan).kl()));
      Comparator<Candidate> byKl = Comparator.comparingDouble(c -> kl.get(c.plan()));
      kept = next.values().stream().sorted(byKl.thenComparing(Candidate::sorted, Arrays::compare)).limit(beam)
          .toList();
    }
  }
}
