package dev.nestedreft.api.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.tck.support.FuzzCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training config of any bytes, YAML or JSON, gives a {@link TrainConfig} (its names checked against the
 * installed algorithms) or one {@link InvalidInputException} listing the problems; anything else is a bug. A config
 * that reads writes a tree that reads back to the same config. Corpus: {@code TrainConfigFuzzTestInputs/yaml/} and
 * {@code .../json/}.
 */
@Tag("fuzz")
class TrainConfigFuzzTest {
  private static final Algorithms ALGORITHMS = Algorithms.discover();

  @TempDir static Path dir;

  @FuzzTest(maxDuration = "10m")
  void yaml(byte[] data) throws IOException {
    read(Files.write(dir.resolve("config.yaml"), data));
  }

  @FuzzTest(maxDuration = "10m")
  void json(byte[] data) throws IOException {
    read(Files.write(dir.resolve("config.json"), data));
  }

  private static void read(Path file) {
    TrainConfig config;
    try {
      config = TrainConfigReader.read(file, ALGORITHMS, null);
    } catch (InvalidInputException expected) {
      return; // every problem, named, is the other allowed outcome
    }
    TrainConfig again = TrainConfigReader.fromTree(ConfigFields.toTree(config), "round trip", TrainConfig.demo());
    if (!again.equals(config)) {
      throw new AssertionError("the config of " + file + " does not read back from its tree: " + config + " vs "
          + again);
    }
    TrainConfigReader.pluginPaths(file);
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() throws IOException {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "yaml"), 1500, 29)) {
      yaml(input);
    }
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "json"), 1500, 31)) {
      json(input);
    }
  }
}
