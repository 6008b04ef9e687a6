package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.spi.rollout.RolloutBatch;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The rollouts of one step with the request that generated them. Owns the rollouts: closing it releases them.
 *
 * @param request what was generated: step, prompts, plan, the weights' version
 * @param rollouts the batch, where the workers left it
 */
record GeneratedBatch(RolloutRequest request, Rollouts rollouts) implements AutoCloseable {
  long step() {
    return request.step();
  }

  long policyVersion() {
    return request.policyVersion();
  }

  /** What a checkpoint records of this batch besides its rows. */
  PendingBatch describe() {
    return new PendingBatch(request.step(), request.dataPosition(), request.policyVersion(), request.draw(),
        rollouts.stats(), request.publishNanos());
  }

  /** The batch's rows as Arrow IPC stream bytes, read through {@code allocator} (the caller keeps it). */
  byte[] ipcBytes(BufferAllocator allocator) {
    try (RolloutBatch batch = rollouts.read(allocator)) {
      return batch.toIpcBytes();
    }
  }

  @Override
  public void close() {
    rollouts.close();
  }
}
