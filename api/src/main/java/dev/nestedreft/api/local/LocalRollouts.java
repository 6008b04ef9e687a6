package dev.nestedreft.api.local;

import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBatch;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** Rollouts generated in this process: the engines' batches (owned), copied out on {@link #read}. */
record LocalRollouts(List<RolloutBatch> batches, GenerationStats stats) implements Rollouts {
  LocalRollouts {
    batches = List.copyOf(batches);
  }

  @Override
  public RolloutBatch read(BufferAllocator allocator) {
    return RolloutBatch.concat(allocator, batches);
  }

  @Override
  public void close() {
    batches.forEach(RolloutBatch::close);
  }
}
