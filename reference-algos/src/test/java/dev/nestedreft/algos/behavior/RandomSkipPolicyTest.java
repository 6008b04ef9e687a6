package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomSkipPolicyTest {
  private final RandomSkipPolicyFactory factory = new RandomSkipPolicyFactory();
  private final ModelSpec eight = Specs.layers(8);

  @Test
  void skipsKLayersInsideTheProtectedRange() {
    BehaviorPolicy policy = Specs.create(factory, "k=2", 1);
    for (long step = 0; step < 500; step++) {
      PlanDraw draw = policy.draw(step, eight);
      assertThat(draw.plan().size()).isEqualTo(6);
      assertThat(draw.plan().skipped()).hasSize(2);
      for (int layer : draw.plan().skipped()) {
        assertThat(layer).isBetween(1, 6);
      }
      assertThat(draw.plan().contains(0)).isTrue();
      assertThat(draw.plan().contains(7)).isTrue();
      Specs.assertRecorded(draw, "random-skip", step, 1);
    }
  }

  @Test
  void theDrawIsAFunctionOfSeedAndStepOnly() {
    BehaviorPolicy first = Specs.create(factory, "k=3", 99);
    BehaviorPolicy second = Specs.create(factory, "k=3", 99);
    // The second policy draws in another order (a resumed run): same plan per step.
    LayerPlan[] forward = new LayerPlan[20];
    for (int step = 0; step < 20; step++) {
      forward[step] = first.draw(step, eight).plan();
    }
    for (int step = 19; step >= 0; step--) {
      assertThat(second.draw(step, eight).plan()).as("step %d", step).isEqualTo(forward[step]);
      assertThat(first.draw(step, eight).plan()).isEqualTo(forward[step]);
    }
    // Another seed draws another sequence of plans.
    BehaviorPolicy other = Specs.create(factory, "k=3", 100);
    int same = 0;
    for (int step = 0; step < 20; step++) {
      same += other.draw(step, eight).plan().equals(forward[step]) ? 1 : 0;
    }
    assertThat(same).isLessThan(10);
  }

  @Test
  void differentStepsDrawDifferentPlans() {
    BehaviorPolicy policy = Specs.create(factory, "k=2", 5);
    Set<LayerPlan> plans = new HashSet<>();
    int changes = 0;
    LayerPlan previous = null;
    for (int step = 0; step < 50; step++) {
      LayerPlan plan = policy.draw(step, eight).plan();
      plans.add(plan);
      changes += previous != null && !plan.equals(previous) ? 1 : 0;
      previous = plan;
    }
    // 15 possible plans (C(6, 2)); 50 uniform draws hit nearly all, and consecutive draws mostly differ.
    assertThat(plans.size()).isGreaterThanOrEqualTo(12);
    assertThat(changes).isGreaterThan(40);
  }

  @Test
  void everySubsetIsEquallyLikely() {
    BehaviorPolicy policy = Specs.create(factory, "k=2", 2024);
    Map<String, Integer> counts = new HashMap<>();
    int draws = 15_000;
    for (int step = 0; step < draws; step++) {
      counts.merge(Arrays.toString(policy.draw(step, eight).plan().skipped()), 1, Integer::sum);
    }
    // 15 subsets of {1..6}, each expected 1000 times; binomial sd = sqrt(15000 · 1/15 · 14/15) ≈ 30.5.
    assertThat(counts).hasSize(15);
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(1000 - 150, 1000 + 150));
  }

  @Test
  void fractionRoundsToACount() {
    // round(0.25 · 8) = 2; round(0.25 · 24) = 6; round(0.3 · 8) = round(2.4) = 2; round(0.2 · 8) = round(1.6) = 2.
    assertThat(Specs.create(factory, "fraction=0.25", 0).draw(0, eight).plan().skipped()).hasSize(2);
    assertThat(Specs.create(factory, "fraction=0.25", 0).draw(0, Specs.layers(24)).plan().skipped()).hasSize(6)
        .doesNotContain(0, 23);
    assertThat(Specs.create(factory, "fraction=0.3", 0).draw(0, eight).plan().skipped()).hasSize(2);
    assertThat(Specs.create(factory, "fraction=0.2", 0).draw(0, eight).plan().skipped()).hasSize(2);
    assertThat(Specs.create(factory, "k=0", 0).draw(0, eight).plan().isFull()).isTrue();
  }

  @Test
  void unprotectedEndsCanBeSkipped() {
    BehaviorPolicy policy = Specs.create(factory, "k=2,protect_ends=false", 3);
    Set<Integer> skipped = new HashSet<>();
    for (int step = 0; step < 200; step++) {
      for (int layer : policy.draw(step, eight).plan().skipped()) {
        skipped.add(layer);
      }
    }
    assertThat(skipped).contains(0, 7);
  }

  @Test
  void explicitRange() {
    // [2, 5] with k = 4: the only choice is {2, 3, 4, 5}.
    assertThat(Specs.create(factory, "k=4,min_layer=2,max_layer=5", 0).draw(3, eight).plan().skipped())
        .containsExactly(2, 3, 4, 5);
    // min_layer alone replaces the low end; the high end stays L − 2 = 6.
    BehaviorPolicy policy = Specs.create(factory, "k=1,min_layer=5", 0);
    for (int step = 0; step < 50; step++) {
      assertThat(policy.draw(step, eight).plan().skipped()).containsAnyOf(5, 6);
    }
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> Specs.create(factory, "k=2,fraction=0.25", 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'random-skip': give exactly one of the parameters 'k' (layers to skip) and "
            + "'fraction' (of the layers), got both");
    assertThatThrownBy(() -> Specs.create(factory, "", 0)).hasMessageContaining("got neither");
    assertThatThrownBy(() -> Specs.create(factory, "k=-1", 0)).hasMessageContaining("parameter 'k' must be >= 0");
    assertThatThrownBy(() -> Specs.create(factory, "fraction=1", 0))
        .hasMessageContaining("parameter 'fraction' must be in [0, 1)");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,protect_ends=true,min_layer=0", 0))
        .hasMessageContaining("give either 'protect_ends' or 'min_layer'/'max_layer'");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,min_layer=4,max_layer=3", 0))
        .hasMessageContaining("parameter 'max_layer' must be >= min_layer (4)");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,skip=3", 0))
        .hasMessageContaining("unknown parameter 'skip'");
    assertThatThrownBy(() -> Specs.create(factory, "k=7", 0).draw(0, eight))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'random-skip': k=7 skips 7 layers, but only 6 layers [1, 6] of the 8-layer model "
            + "may be skipped");
    assertThatThrownBy(() -> Specs.create(factory, "fraction=0.9", 0).draw(0, eight))
        .hasMessageContaining("fraction=0.9 (k=7) skips 7 layers");
    assertThatThrownBy(() -> Specs.create(factory, "k=8,protect_ends=false", 0).draw(0, eight))
        .hasMessageContaining("would skip all 8 layers");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,max_layer=8", 0).draw(0, eight))
        .hasMessageContaining("max_layer=8 is out of range: the model has 8 layers (0..7)");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,min_layer=8", 0).draw(0, eight))
        .hasMessageContaining("min_layer=8 is out of range: the model has 8 layers (0..7)");
  }
}
