package dev.nestedreft.api.local;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.weights.WeightSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The learner and the rollout workers in this process, called one after the other, with no Ray at all: for
 * embedding the trainer in another framework's loop, and for tests. Owns one Arrow allocator; closing the
 * placement closes it, so memory a learner or worker leaked fails the close.
 */
public final class LocalPlacement implements Placement {
  private final Backends backends;
  private final Algorithms algorithms;
  private final BufferAllocator allocator = new RootAllocator();

  public LocalPlacement(Backends backends, Algorithms algorithms) {
    this.backends = backends;
    this.algorithms = algorithms;
  }

  @Override
  public LearnerService learner(LearnerSetup setup, WeightSet initial) {
    return new LocalLearner(backends, algorithms, setup, initial, allocator);
  }

  @Override
  public RolloutWorkers rolloutWorkers(WorkerSetup setup, int count) {
    return new LocalRolloutWorkers(backends, setup.backend(), setup.spec(), count, allocator,
        BackendOptions.DEFAULT.withIntraOpThreads(setup.threads()));
  }

  @Override
  public String describe() {
    return "in-process";
  }

  @Override
  public void close() {
    allocator.close();
  }
}
