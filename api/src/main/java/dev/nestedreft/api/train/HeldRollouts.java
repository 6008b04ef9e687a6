package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBatch;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rollouts held by the trainer itself rather than by the workers: a batch read back from a checkpoint
 * ({@link PendingBatch}). Owns the batch; {@link #read} gives a copy, which any placement's learner takes.
 */
record HeldRollouts(RolloutBatch batch, GenerationStats stats) implements Rollouts {
  @Override
  public RolloutBatch read(BufferAllocator allocator) {
    return RolloutBatch.concat(allocator, List.of(batch));
  }

  @Override
  public void close() {
    batch.close();
  }
}
