package dev.nestedreft.api.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.text.PromptFormat.Example;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFormatTest {
  @TempDir Path dir;

  private static final List<Example> EXAMPLES =
      List.of(new Example("1 + 1 =", "2"), new Example("3 + 4 =", "7"), new Example("5 + 5 =", "10"));

  @Test
  void rawIsTheQuestionAsIs() {
    PromptFormat raw = PromptFormat.raw();
    assertThat(raw.name()).isEqualTo("raw");
    assertThat(raw.render("2 + 2 =\n")).isEqualTo("2 + 2 =\n");
  }

  @Test
  void chatIsOneUserMessageWithTheGenerationPrompt() {
    PromptFormat chat = PromptFormat.chat(ChatTemplate.load(ModelDirs.write(dir)));
    assertThat(chat.name()).isEqualTo("chat");
    assertThat(chat.render("2 + 2 ="))
        .isEqualTo("<|im_start|>user\n2 + 2 =<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void fewShotPutsTheFirstKExamplesBeforeTheQuestion() {
    PromptFormat fewShot = PromptFormat.fewShot(EXAMPLES, 2);
    assertThat(fewShot.name()).isEqualTo("few-shot");
    assertThat(fewShot.render("2 + 2 =")).isEqualTo("1 + 1 =\n2\n\n3 + 4 =\n7\n\n2 + 2 =");
    assertThat(PromptFormat.fewShot(EXAMPLES, 0).render("2 + 2 =")).isEqualTo("2 + 2 =");
  }

  @Test
  void fewShotRejectsMoreExamplesThanGiven() {
    assertThatThrownBy(() -> PromptFormat.fewShot(EXAMPLES, 4))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("[0, 3]");
  }
}
