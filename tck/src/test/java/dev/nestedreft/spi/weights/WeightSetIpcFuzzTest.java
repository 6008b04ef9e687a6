package dev.nestedreft.spi.weights;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.tck.support.FuzzCorpus;
import dev.nestedreft.spi.InvalidInputException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Arrow IPC bytes of any kind give a {@link WeightSet} or an {@link InvalidInputException}, and leak nothing;
 * anything else is a bug. Corpus: {@code WeightSetIpcFuzzTestInputs/ipc/}, sets written by
 * {@link WeightSetIpc#toIpcBytes}.
 */
@Tag("fuzz")
class WeightSetIpcFuzzTest {
  /** Enough for any set of the corpus; a stream asking for more is refused, not allocated. */
  static final long MEMORY = 64L << 20;

  @FuzzTest(maxDuration = "10m")
  void ipc(byte[] data) {
    try (BufferAllocator allocator = new RootAllocator(MEMORY)) {
      try (WeightSet weights = WeightSetIpc.fromIpcBytes(data, allocator, "fuzz")) {
        WeightSetIpc.toIpcBytes(weights);
      } catch (InvalidInputException expected) {
        // a refusal naming the tensor is the other allowed outcome
      }
    }
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "ipc"), 3000, 19)) {
      ipc(input);
    }
  }
}
