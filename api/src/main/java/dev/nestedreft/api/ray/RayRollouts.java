package dev.nestedreft.api.ray;

import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBatch;
import io.ray.api.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rollouts left in Ray's object store: one Arrow IPC batch per worker, by reference. The driver reads them to score
 * them; {@link RayLearner} passes the references on to the learner actor, so the batches are never re-encoded.
 */
final class RayRollouts implements Rollouts {
  private final List<ObjectRef<byte[]>> batches;
  private final GenerationStats stats;
  private final int vocabSize;

  RayRollouts(List<ObjectRef<byte[]>> batches, GenerationStats stats, int vocabSize) {
    this.batches = List.copyOf(batches);
    this.stats = stats;
    this.vocabSize = vocabSize;
  }

  List<ObjectRef<byte[]>> refs() {
    return batches;
  }

  @Override
  public GenerationStats stats() {
    return stats;
  }

  @Override
  public RolloutBatch read(BufferAllocator allocator) {
    List<RolloutBatch> parts = new ArrayList<>();
    try {
      for (ObjectRef<byte[]> ref : batches) {
        parts.add(RolloutBatch.fromIpcBytes(RayCalls.peek(ref), allocator, vocabSize));
      }
      return parts.size() == 1 ? parts.remove(0) : RolloutBatch.concat(allocator, parts);
    } finally {
      parts.forEach(RolloutBatch::close);
    }
  }

  @Override
  public void close() {
    RayCalls.release(batches.toArray(new ObjectRef<?>[0]));
  }
}
