package dev.nestedreft.api.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {
  @TempDir Path dir;

  @Test
  void roundTripsKnownWords() {
    try (HfTokenizer tok = HfTokenizer.load(ModelDirs.write(dir))) {
      int[] ids = tok.encode("the cat sat on the mat");
      assertThat(ids).containsExactly(4, 5, 6, 7, 4, 8);
      assertThat(tok.decode(ids)).isEqualTo("the cat sat on the mat");
      assertThat(tok.encode("2 + 2 = 4")).containsExactly(9, 10, 9, 11, 12);
    }
  }

  @Test
  void specialIdsAndVocabSizeComeFromTheFiles() {
    try (HfTokenizer tok = HfTokenizer.load(ModelDirs.write(dir))) {
      assertThat(tok.padId()).isEqualTo(0);
      assertThat(tok.bosId()).isEqualTo(1);
      assertThat(tok.eosId()).isEqualTo(2);
      assertThat(tok.vocabSize()).isEqualTo(13);
      assertThat(tok.specialTokens())
          .isEqualTo(new SpecialTokens("<s>", 1, "</s>", 2, "<pad>", 0));
      assertThat(tok.idOf("mat")).hasValue(8);
      assertThat(tok.name()).isEqualTo("hf:" + dir.getFileName());
    }
  }

  @Test
  void unknownWordsBecomeTheUnknownId() {
    try (HfTokenizer tok = HfTokenizer.load(ModelDirs.write(dir))) {
      assertThat(tok.unknownId()).hasValue(3);
      assertThat(tok.encode("the dog sat")).containsExactly(4, 3, 6);
    }
  }

  @Test
  void encodeAddsNoSpecialTokensThoughThePostProcessorWould() throws IOException {
    ModelDirs.write(dir);
    // The fixture's post-processor prepends <s> when special tokens are requested: the library's default does.
    try (HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"))) {
      assertThat(library.encode("the cat").getIds()).containsExactly(1L, 4L, 5L);
    }
    try (HfTokenizer tok = HfTokenizer.load(dir)) {
      assertThat(tok.encode("the cat")).containsExactly(4, 5);
      assertThat(tok.encode("")).isEmpty();
    }
  }

  @Test
  void decodeSkipsPadAndBosStopsAtEosAndDropsOutOfRangeIds() {
    try (HfTokenizer tok = HfTokenizer.load(ModelDirs.write(dir))) {
      assertThat(tok.decode(new int[] {1, 4, 0, 5, 2, 6, 7})).isEqualTo("the cat");
      assertThat(tok.decode(new int[] {4, 99, -1, 5})).isEqualTo("the cat");
      assertThat(tok.decode(new int[] {2, 4})).isEmpty();
      assertThat(tok.decode(new int[0])).isEmpty();
    }
  }

  @Test
  void fallsBackToGenerationConfigIdsAndPadsWithEos() throws IOException {
    ModelDirs.write(dir, ModelDirs.TOKENIZER_JSON, "{\"bos_token\": null}");
    Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 1, \"eos_token_id\": [2, 12]}");
    try (HfTokenizer tok = HfTokenizer.load(dir)) {
      assertThat(tok.bosId()).isEqualTo(1);
      assertThat(tok.eosId()).isEqualTo(2);
      assertThat(tok.padId()).isEqualTo(2);
      assertThat(tok.specialTokens().bosToken()).isNull();
    }
  }

  @Test
  void missingTokenizerJsonIsNamed() {
    ModelDirs.write(dir, null, ModelDirs.tokenizerConfig("null"));
    assertUnloadable(dir.resolve("tokenizer.json").toString(), "no such file");
  }

  @Test
  void malformedTokenizerJsonIsNamed() {
    ModelDirs.write(dir, "{\"model\": {\"vocab\": ", null);
    assertUnloadable(dir.resolve("tokenizer.json").toString(), "malformed JSON");
  }

  @Test
  void malformedTokenizerConfigIsNamed() {
    ModelDirs.write(dir, ModelDirs.TOKENIZER_JSON, "{\"bos_token\": ");
    assertUnloadable(dir.resolve("tokenizer_config.json").toString());
  }

  @Test
  void unknownSpecialTokenIsNamed() {
    ModelDirs.write(dir, ModelDirs.TOKENIZER_JSON, "{\"bos_token\": \"<s>\", \"eos_token\": \"<|endoftext|>\"}");
    assertUnloadable(dir.resolve("tokenizer_config.json").toString(), "eos_token \"<|endoftext|>\"");
  }

  @Test
  void missingEosIsReported() {
    ModelDirs.write(dir, ModelDirs.TOKENIZER_JSON, "{\"bos_token\": \"<s>\"}");
    assertUnloadable("no eos token");
  }

  @Test
  void closeFreesTheNativeTokenizerOnce() {
    HfTokenizer tok = HfTokenizer.load(ModelDirs.write(dir));
    assertThat(tok.isClosed()).isFalse();
    tok.close();
    tok.close();
    assertThat(tok.isClosed()).isTrue();
    assertThatThrownBy(() -> tok.encode("the")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> tok.decode(new int[] {4})).isInstanceOf(IllegalStateException.class);
  }

  /** Loading {@code dir} fails with an {@link InvalidInputException} whose message contains every fragment. */
  private void assertUnloadable(String... fragments) {
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .isInstanceOf(InvalidInputException.class).hasMessageContainingAll(fragments);
  }
}
