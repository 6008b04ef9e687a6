package dev.nestedreft.algos.reward;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.tck.support.FuzzCorpus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rewards' answer extraction never throws, whatever the completion and the reference: the extractor gives an
 * answer or none, {@code math-answer} scores 0 or 1, {@code format} a score in [0, 1], each the same twice. Corpus:
 * {@code AnswerExtractionFuzzTestInputs/texts/}; an input is a reference and a completion separated by a 0 byte, in
 * UTF-8, or, after a first byte 1, in UTF-16LE, which reaches lone surrogates.
 */
@Tag("fuzz")
class AnswerExtractionFuzzTest {
  private static final MathAnswerReward MATH = new MathAnswerReward();

  @FuzzTest(maxDuration = "10m")
  void texts(byte[] data) {
    String[] parts = split(data);
    String reference = parts[0];
    String completion = parts[1];
    Optional<Extraction> found = AnswerExtractor.extract(completion);
    if (found.isPresent() && (found.get().rule() == null || found.get().text() == null)) {
      throw new AssertionError("an extraction without its rule or text: " + found.get());
    }
    Optional<BigDecimal> value = AnswerExtractor.answer(completion);
    if (!value.equals(AnswerExtractor.answer(completion))) {
      throw new AssertionError("the answer of the same text differs: " + value);
    }
    RewardInput input = new RewardInput(0, "Q", completion, reference);
    double math = MATH.score(input);
    if (!(math == 0.0 || math == 1.0) || math != MATH.score(input)) {
      throw new AssertionError("math-answer scored " + math);
    }
    for (AnswerMarker marker : AnswerMarker.values()) {
      double format = new FormatReward(marker).score(input);
      if (!(format >= 0 && format <= 1)) {
        throw new AssertionError("format scored " + format);
      }
    }
  }

  /** The reference and the completion of {@code data}: split at the first 0 byte (or 0 code unit in UTF-16). */
  static String[] split(byte[] data) {
    String all = data.length > 0 && data[0] == 1 ? utf16(data) : new String(data, StandardCharsets.UTF_8);
    int split = all.indexOf('\0');
    return split < 0 ? new String[] {"", all} : new String[] {all.substring(0, split), all.substring(split + 1)};
  }

  /** The UTF-16LE code units after the first byte, as they are: the charset would replace a lone surrogate. */
  private static String utf16(byte[] data) {
    char[] units = new char[(data.length - 1) / 2];
    for (int i = 0; i < units.length; i++) {
      units[i] = (char) ((data[1 + 2 * i] & 0xFF) | (data[2 + 2 * i] & 0xFF) << 8);
    }
    return new String(units);
  }

  @Test
  void aFixedBudgetOfMutationsOfTheCorpus() {
    for (byte[] input : FuzzCorpus.mutations(FuzzCorpus.seeds(getClass(), "texts"), 3000, 43)) {
      texts(input);
    }
  }

  @Test
  void theInputsSplitAsDocumented() {
    String text = "1\0\ud800 #### 1";
    byte[] marked = new byte[1 + 2 * text.length()];
    marked[0] = 1;
    for (int i = 0; i < text.length(); i++) {
      marked[1 + 2 * i] = (byte) text.charAt(i);
      marked[2 + 2 * i] = (byte) (text.charAt(i) >> 8);
    }
    if (!Arrays.equals(split(marked), new String[] {"1", "\ud800 #### 1"})) {
      throw new AssertionError(Arrays.toString(split(marked)));
    }
  }
}
