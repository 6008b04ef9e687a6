package dev.nestedreft.api.text;

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
 * A {@code tokenizer.json} of any bytes gives a tokenizer that encodes and decodes, or an
 * {@link InvalidInputException} naming the file; anything else is a bug. The native tokenizers library runs in
 * this JVM, so a crash there ends the run. Corpus: {@code HfTokenizerFuzzTestInputs/tokenizerJson/}.
 */
@Tag("fuzz")
class HfTokenizerFuzzTest {
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "10m")
  void tokenizerJson(byte[] data) throws IOException {
    Files.write(dir.resolve("tokenizer.json"), data);
    try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
      int[] ids = tokenizer.encode("the cat sat on the mat 2+2=4 \u00e9\ud83d\ude00");
      tokenizer.decode(ids);
      tokenizer.decode(new int[] {-1, 0, 1, 2, 3, tokenizer.vocabSize(), Integer.MAX_VALUE});
      tokenizer.encodeWithBos("");
    } catch (InvalidInputException expected) {
      // a refusal naming the file is the other allowed outcome
    }
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() throws IOException {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "tokenizerJson"), 1000, 41)) {
      tokenizerJson(input);
    }
  }
}
