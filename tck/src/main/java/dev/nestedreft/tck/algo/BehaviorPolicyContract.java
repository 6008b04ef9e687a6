package dev.nestedreft.tck.algo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.PlanFeedback;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link BehaviorPolicy}: what the trainer and resumption rely on. Every draw is a valid plan for
 * the model ({@link ModelSpec#checkPlan}, at least one layer) and records the policy's name, the step and the
 * policy's seed. A draw is a function of the seed, the step and what the policy observed before, as the interface
 * documents: the same for a second instance with the same seed that observed the same, for the same step asked
 * again, and whatever steps were drawn before and in which order. Drawing never changes the saved state. A saved
 * state restored into a fresh instance draws the same plans, saves the same text, and learns from further feedback
 * as the original does; so does the state before any feedback (the empty text of a stateless policy included).
 *
 * <p>The checks play the trainer's part in a synthetic world, the same for every policy: a policy that
 * {@linkplain BehaviorPolicy#needsLayerCosts() needs layer costs} is given {@link #layerCosts} of the model before
 * it draws (and nothing after a restore, as a resumed run gives none), and after each step's draw it observes
 * {@link #feedback} of the plan drawn, for steps 0 to {@value #FEEDBACK_STEPS} − 1. A stateless policy keeps the
 * interface's defaults and passes them all.
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
 * parameters fit only some depths), one fresh policy per model, for steps 0 to 63 and a few far ones, with several
 * seeds. Override {@link #layerCost} to give the synthetic world other costs.
 */
public abstract class BehaviorPolicyContract {
  /** The steps of synthetic feedback a policy observes in the learning checks. */
  public static final int FEEDBACK_STEPS = 24;

  /** The full model's reward in the synthetic world, as in the project's development runs. */
  public static final double FULL_REWARD = 0.84;

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

  /**
   * What skipping {@code layer} alone costs an {@code numLayers}-layer model in the synthetic world, as
   * KL(behavior ‖ target) in nats per token: 0.3 for layer 1 (the costly layer of the development runs), and for
   * the others one of 0.03, 0.04, …, 0.09, so that some layers cost the same.
   */
  protected double layerCost(int layer, int numLayers) {
    return layer == 1 ? 0.3 : 0.03 + 0.01 * ((5 * layer + 3) % 7);
  }

  /**
   * The probe a policy that needs layer costs is given before it draws for {@code spec}: every layer measured,
   * with {@code kl = k1 = }{@link #layerCost}, {@code ess = exp(−kl)}, {@code reward = }{@value #FULL_REWARD}
   * {@code − kl}; the full model's row has KL 0, ESS 1 and reward {@value #FULL_REWARD}.
   */
  protected LayerCosts layerCosts(ModelSpec spec) {
    int numLayers = spec.numHiddenLayers();
    List<LayerCost> rows = new ArrayList<>();
    for (int layer = 0; layer < numLayers; layer++) {
      double kl = layerCost(layer, numLayers);
      rows.add(new LayerCost(layer, kl, kl, Math.exp(-kl), FULL_REWARD - kl, 1000));
    }
    return new LayerCosts(numLayers, rows, new LayerCost(-1, 0, 0, 1, FULL_REWARD, 800));
  }

  /**
   * What the plan of {@code draw} costs in the synthetic world, a function of the draw alone: {@code kl} is the sum
   * of {@link #layerCost} over the skipped layers plus noise uniform in ±0.01 (seeded by the draw's seed, step and
   * plan), at least 0; {@code ess = exp(−kl)}; the behavior's reward is {@value #FULL_REWARD} {@code − kl}. Every
   * fifth step (4, 9, …) reports a skipped update with NaN figures, as the learner does after a non-finite loss.
   */
  protected PlanFeedback feedback(PlanDraw draw) {
    LayerPlan plan = draw.plan();
    if (draw.step() % 5 == 4) {
      return new PlanFeedback(draw.step(), plan, Double.NaN, Double.NaN, Double.NaN, true);
    }
    double kl = 0;
    for (int layer : plan.skipped()) {
      kl += layerCost(layer, plan.numLayers());
    }
    SplittableRandom noise = new SplittableRandom(draw.seed() ^ draw.step() * 0x9E3779B97F4A7C15L ^ plan.hashCode());
    kl = Math.max(0, kl + 0.02 * (noise.nextDouble() - 0.5));
    return new PlanFeedback(draw.step(), plan, kl, Math.exp(-kl), FULL_REWARD - kl, false);
  }

  /** {@link #policy}{@code (seed)}, given {@link #layerCosts}{@code (spec)} when it needs layer costs. */
  protected final BehaviorPolicy ready(long seed, ModelSpec spec) {
    BehaviorPolicy policy = policy(seed);
    if (policy.needsLayerCosts()) {
      policy.useLayerCosts(layerCosts(spec));
    }
    return policy;
  }

  @Test
  void hasAName() {
    assertThat(policy(0).name()).isNotBlank();
  }

  @Test
  void everyDrawIsAValidPlanThatRecordsHowItWasDrawn() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy policy = ready(seed, spec);
        for (long step : steps()) {
          assertValid(policy, policy.draw(step, spec), spec, seed, step);
        }
      }
    }
  }

  /**
   * Two instances with the same seed draw the same plans, one drawing the steps in order, the other in a shuffled
   * order, each step twice: first before any feedback, then after both observed the same feedback.
   */
  @Test
  void aDrawIsAFunctionOfSeedStepAndWhatWasObserved() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy inOrder = ready(seed, spec);
        BehaviorPolicy shuffled = ready(seed, spec);
        assertSameDrawsInAnyOrder(inOrder, shuffled, spec, seed, "before any feedback");
        for (long step = 0; step < FEEDBACK_STEPS; step++) {
          PlanFeedback feedback = feedback(inOrder.draw(step, spec));
          inOrder.observe(feedback);
          shuffled.observe(feedback);
        }
        assertSameDrawsInAnyOrder(inOrder, shuffled, spec, seed, "after " + FEEDBACK_STEPS + " steps of feedback");
      }
    }
  }

  /**
   * Two instances fed the same feedback, step after step as the trainer feeds it, draw the same valid plans at
   * every step, and the same plans for every step afterwards.
   */
  @Test
  void instancesFedTheSameFeedbackDrawTheSamePlans() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy first = ready(seed, spec);
        BehaviorPolicy second = ready(seed, spec);
        for (long step = 0; step < FEEDBACK_STEPS; step++) {
          PlanDraw draw = first.draw(step, spec);
          assertValid(first, draw, spec, seed, step);
          assertThat(second.draw(step, spec)).as("%s: the second instance", where(seed, step, spec)).isEqualTo(draw);
          PlanFeedback feedback = feedback(draw);
          first.observe(feedback);
          second.observe(feedback);
        }
        for (long step : steps()) {
          assertThat(second.draw(step, spec)).as("%s, after the feedback", where(seed, step, spec))
              .isEqualTo(first.draw(step, spec));
        }
      }
    }
  }

  /**
   * The state saved after half the feedback, restored into a fresh instance (given no layer costs, as a resumed
   * run gives none), saves the same text, needs layer costs only if the original does, draws the same plans for
   * every step, and, fed the rest of the feedback alongside the original, keeps drawing and saving the same.
   */
  @Test
  void aRestoredStateDrawsAndLearnsAsTheOriginal() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy original = ready(seed, spec);
        long half = FEEDBACK_STEPS / 2;
        for (long step = 0; step < half; step++) {
          original.observe(feedback(original.draw(step, spec)));
        }
        String saved = original.saveState();
        BehaviorPolicy restored = policy(seed);
        restored.restoreState(saved);
        String what = String.format("seed %d, %d layers, restored after %d steps", seed, spec.numHiddenLayers(),
            half);
        assertThat(restored.saveState()).as("%s: the state saved again", what).isEqualTo(saved);
        assertThat(restored.needsLayerCosts()).as("%s: needs layer costs", what)
            .isEqualTo(original.needsLayerCosts());
        for (long step : steps()) {
          assertThat(restored.draw(step, spec)).as("%s: step %d", what, step).isEqualTo(original.draw(step, spec));
        }
        for (long step = half; step < FEEDBACK_STEPS; step++) {
          PlanDraw draw = original.draw(step, spec);
          assertThat(restored.draw(step, spec)).as("%s: step %d", what, step).isEqualTo(draw);
          PlanFeedback feedback = feedback(draw);
          original.observe(feedback);
          restored.observe(feedback);
          assertThat(restored.saveState()).as("%s: the state after step %d", what, step)
              .isEqualTo(original.saveState());
        }
      }
    }
  }

  /** Drawing every step, before and after feedback, leaves {@link BehaviorPolicy#saveState()} as it was. */
  @Test
  void drawingDoesNotChangeTheState() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy policy = ready(seed, spec);
        for (int round = 0; round < 2; round++) {
          String before = policy.saveState();
          for (long step : steps()) {
            policy.draw(step, spec);
          }
          assertThat(policy.saveState()).as("seed %d, %d layers, %s", seed, spec.numHiddenLayers(),
              round == 0 ? "before any feedback" : "after feedback").isEqualTo(before);
          for (long step = 0; step < FEEDBACK_STEPS; step++) {
            policy.observe(feedback(policy.draw(step, spec)));
          }
        }
      }
    }
  }

  /**
   * The state of a policy that has observed nothing (the empty text of a stateless policy) is stable, restores into
   * a fresh instance, and saves again as the same text; the restored instance needs no layer costs when the first
   * did not, and draws the same plans.
   */
  @Test
  void theStateBeforeAnyFeedbackRoundTrips() {
    for (long seed : seeds()) {
      for (ModelSpec spec : specs()) {
        BehaviorPolicy first = ready(seed, spec);
        String state = first.saveState();
        String what = String.format("seed %d, %d layers", seed, spec.numHiddenLayers());
        assertThat(state).as("%s: the state", what).isNotNull();
        assertThat(first.saveState()).as("%s: the state saved twice", what).isEqualTo(state);
        BehaviorPolicy restored = policy(seed);
        restored.restoreState(state);
        assertThat(restored.saveState()).as("%s: the restored state", what).isEqualTo(state);
        assertThat(restored.needsLayerCosts()).as("%s: needs layer costs", what)
            .isEqualTo(first.needsLayerCosts());
        for (long step : steps()) {
          assertThat(restored.draw(step, spec)).as("%s: step %d", what, step).isEqualTo(first.draw(step, spec));
        }
      }
    }
  }

  private void assertSameDrawsInAnyOrder(BehaviorPolicy inOrder, BehaviorPolicy shuffled, ModelSpec spec, long seed,
      String when) {
    List<Long> steps = steps();
    List<PlanDraw> expected = new ArrayList<>();
    for (long step : steps) {
      expected.add(inOrder.draw(step, spec));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    for (int i : order) {
      String what = where(seed, steps.get(i), spec) + ", " + when;
      assertThat(shuffled.draw(steps.get(i), spec)).as("%s, drawn out of order", what).isEqualTo(expected.get(i));
      assertThat(shuffled.draw(steps.get(i), spec)).as("%s, drawn again", what).isEqualTo(expected.get(i));
      assertThat(inOrder.draw(steps.get(i), spec)).as("%s, the first instance again", what)
          .isEqualTo(expected.get(i));
    }
  }

  private static void assertValid(BehaviorPolicy policy, PlanDraw draw, ModelSpec spec, long seed, long step) {
    String what = where(seed, step, spec);
    assertThat(draw).as(what).isNotNull();
    LayerPlan plan = draw.plan();
    spec.checkPlan(plan);
    assertThat(plan.numLayers()).as("%s: plan depth", what).isEqualTo(spec.numHiddenLayers());
    assertThat(plan.size()).as("%s: layers run", what).isBetween(1, spec.numHiddenLayers());
    assertThat(draw.policy()).as("%s: policy", what).isEqualTo(policy.name());
    assertThat(draw.step()).as("%s: step", what).isEqualTo(step);
    assertThat(draw.seed()).as("%s: seed", what).isEqualTo(seed);
  }

  private static String where(long seed, long step, ModelSpec spec) {
    return String.format("seed %d, step %d, %d layers", seed, step, spec.numHiddenLayers());
  }
}
