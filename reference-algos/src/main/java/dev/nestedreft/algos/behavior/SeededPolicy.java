package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;

/**
 * Base of the reference policies: the name, the owner that messages name ({@code behavior 'block'}), the seed,
 * and the {@link PlanDraw} that records each plan with the policy, the step and the seed. A subclass says only
 * which plan a step runs. Immutable and thread-safe.
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
    return new PlanDraw(plan(step, spec.numHiddenLayers()), name, step, seed);
  }

  /**
   * The plan of step {@code step} for a {@code layers}-layer model; a random one draws from
   * {@link StepRandom#of(long, long) StepRandom.of(seed, step)} only.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when the parameters do not fit the model, naming the owner
   */
  abstract LayerPlan plan(long step, int layers);
}
