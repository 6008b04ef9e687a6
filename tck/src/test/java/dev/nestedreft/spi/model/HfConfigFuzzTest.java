package dev.nestedreft.spi.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.tck.support.FuzzCorpus;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Hugging Face {@code config.json} of any bytes gives a {@link ModelSpec} or an {@link InvalidInputException};
 * anything else is a bug. Corpus: {@code HfConfigFuzzTestInputs/configJson/} (docs/FUZZING.md).
 */
@Tag("fuzz")
class HfConfigFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void configJson(byte[] data) {
    try {
      ModelSpec spec = HfConfig.parse(new String(data, StandardCharsets.UTF_8), "config.json");
      HfConfig.parse(HfConfig.toJson(spec), "round trip"); // what was accepted writes and reads back
    } catch (InvalidInputException expected) {
      // a refusal naming the field is the other allowed outcome
    }
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "configJson"), 3000, 13)) {
      configJson(input);
    }
  }
}
