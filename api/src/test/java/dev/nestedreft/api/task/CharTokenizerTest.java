package dev.nestedreft.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.model.ModelPresets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {
  private final CharTokenizer tokenizer = new CharTokenizer();

  private static String alphabet() {
    return "\n" + IntStream.rangeClosed(32, 126).mapToObj(c -> String.valueOf((char) c))
        .collect(Collectors.joining());
  }

  @Test
  void specialIdsAndVocabularyFitTheTinyPreset() {
    assertThat(tokenizer.name()).isEqualTo("char-ascii");
    assertThat(tokenizer.padId()).isZero();
    assertThat(tokenizer.bosId()).isEqualTo(1);
    assertThat(tokenizer.eosId()).isEqualTo(2);
    assertThat(tokenizer.unknownId()).isEqualTo(3);
    assertThat(tokenizer.vocabSize()).isEqualTo(4 + 1 + 95)
        .isLessThanOrEqualTo(ModelPresets.get("tiny").vocabSize());
  }

  @Test
  void theAlphabetTakesExactlyTheIdsAfterTheSpecials() {
    int[] ids = tokenizer.encode(alphabet());
    assertThat(ids).hasSize(96);
    assertThat(Arrays.stream(ids).sorted().toArray()).containsExactly(IntStream.range(4, 100).toArray());
    assertThat(tokenizer.encode("\n")).containsExactly(4);
    assertThat(tokenizer.encode(" ~")).containsExactly(5, 99);
    assertThat(tokenizer.encode("A")).containsExactly(5 + ('A' - 32));
  }

  @Test
  void roundTripsEveryTextOverTheAlphabet() {
    String all = alphabet();
    assertThat(tokenizer.decode(tokenizer.encode(all))).isEqualTo(all);
    String prompt = "Q: Tom has 12 apples, gets 5, gives away 3. How many?\nA: 12+5=17 17-3=14 #### 14";
    assertThat(tokenizer.decode(tokenizer.encode(prompt))).isEqualTo(prompt);
    assertThat(tokenizer.encode("")).isEmpty();
    assertThat(tokenizer.decode(new int[0])).isEmpty();
  }

  @Test
  void charactersOutsideTheAlphabetEncodeToUnknownPerCodePoint() {
    // tab, carriage return, e-acute, euro sign, and an emoji (a surrogate pair: one code point, one id)
    int[] ids = tokenizer.encode("a\tb\r\u00e9\u20ac\uD83D\uDE00z");
    int unk = CharTokenizer.UNKNOWN_ID;
    assertThat(ids).containsExactly(tokenizer.encode("a")[0], unk, tokenizer.encode("b")[0], unk, unk, unk, unk,
        tokenizer.encode("z")[0]);
    assertThat(tokenizer.decode(ids)).isEqualTo("a\uFFFDb\uFFFD\uFFFD\uFFFD\uFFFDz");
    assertThat(tokenizer.canEncode('\t')).isFalse();
    assertThat(tokenizer.canEncode('~')).isTrue();
    assertThat(tokenizer.canEncode(127)).isFalse();
  }

  @Test
  void decodeSkipsPadAndBosAndStopsAtEos() {
    int h = tokenizer.encode("h")[0];
    int i = tokenizer.encode("i")[0];
    assertThat(tokenizer.decode(new int[] {1, h, 0, i, 2, h, i})).isEqualTo("hi");
    assertThat(tokenizer.decode(new int[] {0, 0, 1, h})).isEqualTo("h");
    assertThat(tokenizer.decode(new int[] {2, h})).isEmpty();
  }

  @Test
  void idsOutsideTheVocabularyDecodeToTheReplacementCharacter() {
    int h = tokenizer.encode("h")[0];
    assertThat(tokenizer.decode(new int[] {h, 100, 127, -1, Integer.MAX_VALUE, h}))
        .isEqualTo("h\uFFFD\uFFFD\uFFFD\uFFFDh");
  }

  @Test
  void nullTextIsRefused() {
    assertThatThrownBy(() -> tokenizer.encode(null)).isInstanceOf(NullPointerException.class);
  }
}
