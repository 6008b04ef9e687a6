package dev.nestedreft.tck.algo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link BehaviorPolicy}: what the trainer and resumption rely on. Every draw is a valid plan for
 * the model ({@link ModelSpec#checkPlan}, at least one layer) and records the policy's name, the step and the
 * policy's seed; and a draw is a function of {@code (seed, step)} alone, as the interface documents: the same for
 * a second instance with the same seed, for the same step asked again, and whatever steps were drawn before and in
 * which order (a resumed run starts at its checkpoint's step with a fresh policy).
 *
 * <p>Extend it with a factory of the implementation under test:
 *
 * <pre>{@code
 * class MyPolicyTest extends BehaviorPolicyContract {
 *   protected BehaviorPolicy policy(long seed) { return new MyPolicy(0.25, seed); }
 * }
 * }</pre>
 *
 * <p>The draws are checked on models of 4, 8 and 24 layers ({@link #specs()}; override it when the policy's
 * parameters fit only some depths), for steps 0 to 63 and a few far ones, with several seeds.
 */
public abstract class BehaviorPolicyContract {
  /** A fresh policy under test, whose draws derive from {@code seed}. */
  protected abstract BehaviorPolicy policy(long seed);

  /** The models the draws are checked on: the depths of {@code micro} (4), {@code tiny} (8) and Qwen2.5-0.5B (24). */
  protected List<ModelSpec> specs() {
    return List.of(ModelPresets.get("micro"), ModelPresets.get("tiny"), ModelPresets.get("qwen2.5-0.5b-shape"));
  }

  /** The steps drawn: 0 to 63, then steps a long run or a resumed one reaches. */
  protected List<Long> steps() {
    List<Long> out = new ArrayList<>();
    for (long step = 0; step < 64; step++) {
      out.add(step);
    }
    out.addAll(List.of(1_000L, 123_456L, 1L << 40, Long.MAX_VALUE));
    return out;
  }

  /** The seeds: zero, small, negative, and the extremes of {@code long}. */
  protected List<Long> seeds() {
    return List.of(0L, 7L, -3L, 0x9e3779b97f4a7c15L, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Test
  void hasAName() {
    assertThat(policy(0).name()).isNotBlank();
  }

  @Test
  void everyDrawIsAValidPlanThatRecordsHowItWasDrawn() {
    for (long seed : seeds()) {
      BehaviorPolicy policy = policy(seed);
      for (ModelSpec spec : specs()) {
        for (long step : steps()) {
          PlanDraw draw = policy.draw(step, spec);
          String what = String.format("seed %d, step %d, %d layers", seed, step, spec.numHiddenLayers());
          assertThat(draw).as(what).isNotNull();
          LayerPlan plan = draw.plan();
          spec.checkPlan(plan);
          assertThat(plan.numLayers()).as("%s: plan depth", what).isEqualTo(spec.numHiddenLayers());
          assertThat(plan.size()).as("%s: layers run", what).isBetween(1, spec.numHiddenLayers());
          assertThat(draw.policy()).as("%s: policy", what).isEqualTo(policy.name());
          assertThat(draw.step()).as("%s: step", what).isEqualTo(step);
          assertThat(draw.seed()).as("%s: seed", what).isEqualTo(seed);
        }
      }
    }
  }

  /**
   * Two instances with the same seed draw the same plans, one drawing the steps in order, the other in a shuffled
   * order, each step twice.
   */
  @Test
  void aDrawIsAFunctionOfSeedAndStepAlone() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy inOrder = policy(seed);
        List<PlanDraw> expected = new ArrayList<>();
        for (long step : steps()) {
          expected.add(inOrder.draw(step, spec));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < steps().size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        BehaviorPolicy shuffled = policy(seed);
        for (int i : order) {
          long step = steps().get(i);
          String what = String.format("seed %d, step %d, %d layers", seed, step, spec.numHiddenLayers());
          assertThat(shuffled.draw(step, spec)).as("%s, drawn out of order", what).isEqualTo(expected.get(i));
          assertThat(shuffled.draw(step, spec)).as("%s, drawn again", what).isEqualTo(expected.get(i));
          assertThat(inOrder.draw(step, spec)).as("%s, the first instance again", what).isEqualTo(expected.get(i));
        }
      }
    }
  }
}
