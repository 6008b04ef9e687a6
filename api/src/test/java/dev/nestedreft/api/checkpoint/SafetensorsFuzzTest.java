package dev.nestedreft.api.checkpoint;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.FuzzCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A safetensors file of any bytes gives a {@link WeightSet} or an {@link InvalidInputException} naming the file,
 * and leaks nothing; anything else is a bug. Corpus: {@code SafetensorsFuzzTestInputs/read/} (F32, F16, BF16 and
 * F64 files, metadata, a scalar and an empty tensor).
 */
@Tag("fuzz")
class SafetensorsFuzzTest {
  /** More than any corpus file needs; a file asking for more is refused by its own size checks first. */
  static final long MEMORY = 64L << 20;

  @TempDir static Path dir;

  @FuzzTest(maxDuration = "10m")
  void read(byte[] data) throws IOException {
    Path file = Files.write(dir.resolve("model.safetensors"), data);
    try (BufferAllocator allocator = new RootAllocator(MEMORY)) {
      try (WeightSet weights = SafetensorsReader.read(file, allocator)) {
        SafetensorsReader.header(file); // a file that reads has a header that reads alone
        weights.names();
      } catch (InvalidInputException expected) {
        // a refusal naming the file and the tensor is the other allowed outcome
      }
    }
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() throws IOException {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "read"), 2000, 23)) {
      read(input);
    }
  }
}
