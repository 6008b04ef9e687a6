package dev.nestedreft.api.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.text.ChatTemplate.Message;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
  @TempDir Path dir;

  @Test
  void rendersChatMlExactly() {
    ChatTemplate template = ChatTemplate.load(ModelDirs.write(dir));
    String out =
        template.render(List.of(new Message("system", "Be brief."), Message.user("What is 2 + 2?")), true);
    assertThat(out)
        .isEqualTo(
            "<|im_start|>system\nBe brief.<|im_end|>\n"
                + "<|im_start|>user\nWhat is 2 + 2?<|im_end|>\n"
                + "<|im_start|>assistant\n");
    assertThat(template.render(List.of(Message.user("hi")), false)).isEqualTo("<|im_start|>user\nhi<|im_end|>\n");
  }

  @Test
  void bosAndEosTokensAreVariables() {
    ModelDirs.write(
        dir,
        ModelDirs.TOKENIZER_JSON,
        ModelDirs.tokenizerConfig(
            "\"{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}{% endfor %}\""));
    assertThat(ChatTemplate.load(dir).render(List.of(Message.user("x")), true)).isEqualTo("<s>[user] x</s>");
  }

  @Test
  void blockTagsAreTrimmedAsInHuggingFace() {
    String template =
        "{% for m in messages %}\n  {% if m.role == 'user' %}\nU:{{ m.content }}\n  {% endif %}\n{% endfor %}";
    assertThat(ChatTemplate.of(template, null, null, "t.jinja").render(List.of(Message.user("a")), false))
        .isEqualTo("U:a\n");
  }

  @Test
  void raiseExceptionGivesAClearError() {
    ModelDirs.write(
        dir,
        ModelDirs.TOKENIZER_JSON,
        ModelDirs.tokenizerConfig(
            "\"{% if messages[0]['role'] != 'system' %}{{ raise_exception('Conversation must start with a system message') }}{% endif %}ok\""));
    ChatTemplate template = ChatTemplate.load(dir);
    assertThat(template.render(List.of(new Message("system", "s")), false)).isEqualTo("ok");
    assertThatThrownBy(() -> template.render(List.of(Message.user("u")), true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
        .hasMessageContaining("Conversation must start with a system message");
  }

  @Test
  void syntaxErrorNamesTheFile() {
    ModelDirs.write(
        dir, ModelDirs.TOKENIZER_JSON, ModelDirs.tokenizerConfig("\"{% for m in messages %}{{ m.content }}\""));
    assertThatThrownBy(() -> ChatTemplate.load(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
        .hasMessageContaining("chat_template error");
  }

  @Test
  void missingTemplateIsNamed() {
    ModelDirs.write(dir, ModelDirs.TOKENIZER_JSON, ModelDirs.tokenizerConfig("null"));
    assertThatThrownBy(() -> ChatTemplate.load(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
        .hasMessageContaining("no chat_template");
  }
}
