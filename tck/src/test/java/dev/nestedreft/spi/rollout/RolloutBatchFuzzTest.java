package dev.nestedreft.spi.rollout;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.tck.support.FuzzCorpus;
import dev.nestedreft.spi.InvalidInputException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Arrow IPC bytes of any kind give a validated {@link RolloutBatch} or an {@link InvalidInputException}, and leak
 * nothing (the allocator is closed after every input, which fails on a live buffer); anything else is a bug.
 * Corpus: {@code RolloutBatchFuzzTestInputs/ipc/}, batches written by {@link RolloutBatch#toIpcBytes}.
 */
@Tag("fuzz")
class RolloutBatchFuzzTest {
  /** The vocabulary the corpus batches were written for. */
  static final int VOCAB = 64;
  /** Enough for any batch of the corpus; a stream asking for more is refused, not allocated. */
  static final long MEMORY = 64L << 20;

  @FuzzTest(maxDuration = "10m")
  void ipc(byte[] data) {
    try (BufferAllocator allocator = new RootAllocator(MEMORY)) {
      try (RolloutBatch batch = RolloutBatch.fromIpcBytes(data, allocator, VOCAB)) {
        for (int row = 0; row < batch.rowCount(); row++) { // every accessor of a validated batch works
          batch.promptId(row);
          batch.completionTokens(row);
          batch.behaviorLogprobs(row);
        }
        batch.toIpcBytes();
      } catch (InvalidInputException expected) {
        // a refusal naming the row and column is the other allowed outcome
      }
    }
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "ipc"), 3000, 17)) {
      ipc(input);
    }
  }
}
