package dev.nestedreft.api.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.tck.support.FuzzCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON Lines file of any bytes, read with the format detected and under both bad-row policies (and a prompt
 * limit), gives problems or an {@link InvalidInputException} naming {@code file:line}; anything else is a bug, and
 * so is a skipped row that {@code stop} would not have stopped at. Corpus: {@code JsonlFuzzTestInputs/rows/}
 * (GSM8K, SVAMP and MATH rows, good and bad).
 */
@Tag("fuzz")
class JsonlFuzzTest {
  private static final PromptLimit LIMIT = new PromptLimit(String::length, 200, "a 200-character test limit");

  @TempDir static Path dir;

  @FuzzTest(maxDuration = "10m")
  void rows(byte[] data) throws IOException {
    Path file = Files.write(dir.resolve("data.jsonl"), data);
    boolean stopped = false;
    try {
      JsonlLoader.detecting().promptLimit(LIMIT).load(file);
    } catch (InvalidInputException e) {
      stopped = true;
    }
    try {
      LoadedDataset skipping = JsonlLoader.detecting().promptLimit(LIMIT).onBadRow(OnBadRow.SKIP).load(file);
      if (skipping.report().skipped() > 0 && !stopped) {
        throw new AssertionError("skip skipped " + skipping.report().skipped() + " rows that stop accepted");
      }
      for (var problem : skipping.problems()) {
        if (problem.prompt().length() > LIMIT.maxTokens()) {
          throw new AssertionError("a prompt over the limit was loaded: " + problem.prompt().length());
        }
      }
    } catch (InvalidInputException expected) {
      // no row loaded, or the format cannot be detected: named, the other allowed outcome
    }
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() throws IOException {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "rows"), 2000, 37)) {
      rows(input);
    }
  }
}
