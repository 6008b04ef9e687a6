package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;

/**
 * Base of the reference policies: the name, the owner that messages name ({@code behavior 'block'}), the seed,
 * and the {@link PlanDraw} that records each plan with the policy, the step, the seed and the policy's cost
 * estimate. A subclass says which plan a step runs and, if it estimates costs, what a plan costs. The base is
 * immutable; a subclass that learns ({@link ProbedPolicy}, {@link AdaptivePolicy}) is called from one thread, as
 * {@link BehaviorPolicy} says.
 */
abstract class SeededPolicy implements BehaviorPolicy {
  private final String name;
  final String owner;
  final long seed;

  SeededPolicy(String name, String owner, long seed) {
    this.name = name;
    this.owner = owner;
    this.seed = seed;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final PlanDraw draw(long step, ModelSpec spec) {
    LayerPlan plan = plan(step, spec.numHiddenLayers());
    return new PlanDraw(plan, name, step, seed, estimatedCost(plan));
  }

  /**
   * The plan of step {@code step} for a {@code layers}-layer model; a random one draws from
   * {@link StepRandom#of(long, long) StepRandom.of(seed, step)} only.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when the parameters do not fit the model, naming the owner
   */
  abstract LayerPlan plan(long step, int layers);

  /**
   * What the policy expects {@code plan}, one it drew, to cost, in the units of its cost signal; {@code NaN} (the
   * default) for a policy that does not estimate costs.
   */
  double estimatedCost(LayerPlan plan) {
    return Double.NaN;
  }
}
