package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small model specs, policy construction, layer probes and the assertions every policy's test makes. */
final class Specs {
  private Specs() {}

  static ModelSpec layers(int numLayers) {
    return ModelSpec.builder().vocabSize(16).hiddenSize(8).intermediateSize(16).numHiddenLayers(numLayers)
        .numAttentionHeads(2).numKeyValueHeads(1).build();
  }

  static BehaviorPolicy create(BehaviorPolicyFactory factory, String params, long seed) {
    return factory.create(Params.forComponent("behavior", factory.name(), params), seed);
  }

  /** The draw records the policy's name, the step and the policy's seed. */
  static void assertRecorded(PlanDraw draw, String policy, long step, long seed) {
    assertThat(draw.policy()).isEqualTo(policy);
    assertThat(draw.step()).isEqualTo(step);
    assertThat(draw.seed()).isEqualTo(seed);
  }

  /** Steps 0 to 4 of an 8-layer model all draw {@code plan}, each recorded with its step. */
  static void assertSamePlanEveryStep(BehaviorPolicy policy, LayerPlan plan, String name, long seed) {
    for (long step = 0; step < 5; step++) {
      PlanDraw draw = policy.draw(step, layers(8));
      assertThat(draw.plan()).isEqualTo(plan);
      assertRecorded(draw, name, step, seed);
    }
  }

  /**
   * A probe of a {@code kl.length}-layer model that measured every layer whose {@code kl} is not NaN, with
   * {@code k1 = kl}, {@code ess = exp(−kl)} and {@code reward = 0.84 − kl}; the full model's reward is 0.84.
   */
  static LayerCosts probe(double... kl) {
    List<LayerCost> rows = new ArrayList<>();
    for (int layer = 0; layer < kl.length; layer++) {
      if (!Double.isNaN(kl[layer])) {
        rows.add(new LayerCost(layer, kl[layer], kl[layer], Math.exp(-kl[layer]), 0.84 - kl[layer], 1000));
      }
    }
    return new LayerCosts(kl.length, rows, new LayerCost(-1, 0, 0, 1, 0.84, 800));
  }

  /** {@code costs} written to {@code dir/name} as {@code probe-layers --json} writes it. */
  static Path write(Path dir, String name, LayerCosts costs) {
    try {
      return Files.writeString(dir.resolve(name), LayerCostsJson.toJson(costs));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How often each layer of an {@code numLayers}-layer model is skipped in the draws of steps 0 to n − 1. */
  static int[] skipCounts(BehaviorPolicy policy, int numLayers, int n) {
    int[] counts = new int[numLayers];
    for (long step = 0; step < n; step++) {
      for (int layer : policy.draw(step, layers(numLayers)).plan().skipped()) {
        counts[layer]++;
      }
    }
    return counts;
  }

  /** The draw's estimated cost is the sum of {@code costs[layer]} over the layers its plan skips. */
  static void assertEstimatedCost(PlanDraw draw, double[] costs) {
    double sum = 0;
    for (int layer : draw.plan().skipped()) {
      sum += costs[layer];
    }
    assertThat(draw.estimatedCost()).as("step %d: Σ of the skipped layers' costs", draw.step())
        .isCloseTo(sum, within(1e-12));
  }
}
