package dev.nestedreft.api.ray;

import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.spi.weights.WeightSet;

/**
 * The learner and the rollout workers as Ray actors, in a {@link RayRuntime} this placement starts and closes: LOCAL
 * mode (one JVM, nothing installed) when the address is empty, otherwise the Ray cluster at that address.
 */
public final class RayPlacement implements Placement {
  private final RayRuntime ray;

  private RayPlacement(RayRuntime ray) {
    this.ray = ray;
  }

  /** Starts Ray for {@code address} (null or blank: LOCAL mode). */
  public static RayPlacement start(String address) {
    return new RayPlacement(RayRuntime.start(RayRuntime.Config.forAddress(address)));
  }

  /** A factory that starts Ray for {@code address} each time a run opens it. */
  public static Placement.Factory factory(String address) {
    return () -> start(address);
  }

  @Override
  public LearnerService learner(LearnerSetup setup, WeightSet initial) {
    return RayLearner.create(ray, setup, initial);
  }

  @Override
  public RolloutWorkers rolloutWorkers(WorkerSetup setup, int count) {
    return new RayRolloutWorkers(ray, setup, count);
  }

  @Override
  public String describe() {
    return "Ray " + ray.mode() + " mode";
  }

  /** Shuts Ray down. */
  @Override
  public void close() {
    ray.close();
  }
}
