package dev.nestedreft.api.probe;

import dev.nestedreft.spi.model.LayerPlan;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rollout throughput of several plans on a noisy machine: the plans are timed round-robin, one generation each per
 * round, so that a slow spell spreads over every plan instead of landing on one, and each plan's median round
 * counts. Each round starts one plan further on, so that no plan always follows the same one. The caller has
 * generated with every plan once before (the warm-up).
 */
final class ThroughputRounds {
  private ThroughputRounds() {}

  /** Each plan's median tokens/s over {@code rounds} rounds, in the order of {@code plans}. */
  static Map<LayerPlan, Double> median(PlanProbe probe, List<LayerPlan> plans, int rounds,
      Consumer<String> progress) {
    double[][] timed = new double[plans.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      progress.accept(String.format("timing round %d/%d: %d plans", round + 1, rounds, plans.size()));
      for (int j = 0; j < plans.size(); j++) {
        int i = (round + j) % plans.size();
        timed[i][round] = probe.tokensPerSecond(plans.get(i));
      }
    }
    Map<LayerPlan, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      out.put(plans.get(i), median(timed[i]));
    }
    return out;
  }

  /** The median; the mean of the middle two for an even count. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
