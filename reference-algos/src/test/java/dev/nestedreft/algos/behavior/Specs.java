package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;

/** Small model specs, policy construction and the assertions every policy's test makes. */
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
}
