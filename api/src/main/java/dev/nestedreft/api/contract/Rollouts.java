package dev.nestedreft.api.contract;

import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBatch;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one {@link RolloutWorkers#generate} call produced, left where the workers put it (in Ray's object store, or
 * in this process) until someone reads it: the driver reads it to score it, and the learner of the same placement
 * takes it by reference. Closing it releases it.
 */
public interface Rollouts extends AutoCloseable {
  /** Sequences and tokens generated, and the wall time (the slowest worker's when workers ran side by side). */
  GenerationStats stats();

  /**
   * The rows of every worker, in worker order, as one batch allocated from {@code allocator} and validated; the
   * caller owns it.
   */
  RolloutBatch read(BufferAllocator allocator);

  @Override
  void close();
}
