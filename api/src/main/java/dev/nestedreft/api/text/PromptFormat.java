package dev.nestedreft.api.text;

import dev.nestedreft.spi.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * How a task question becomes the prompt text handed to the tokenizer (which adds no special tokens; the trainer
 * places bos):
 *
 * <ul>
 *   <li>{@link Raw} ({@code raw}): the question as is;
 *   <li>{@link Chat} ({@code chat}): the model's chat template with one user message holding the question and the
 *       generation prompt (the assistant's turn opening) appended;
 *   <li>{@link FewShot} ({@code few-shot}): each example as {@code question + "\n" + answer + "\n\n"}, then the
 *       question as is.
 * </ul>
 */
public sealed interface PromptFormat {
  /** The format's name: {@code raw}, {@code chat} or {@code few-shot}. */
  String name();

  /** The prompt text for {@code question}. */
  String render(String question);

  /** The question as is. */
  static PromptFormat raw() {
    return new Raw();
  }

  /** One user message under {@code template}, with the generation prompt. */
  static PromptFormat chat(ChatTemplate template) {
    return new Chat(template);
  }

  /** The first {@code k} of {@code examples} before the question. */
  static PromptFormat fewShot(List<Example> examples, int k) {
    if (k < 0 || k > examples.size()) {
      throw InvalidInputException.of(
          "few-shot: k must lie in [0, %d] (the number of examples given), got %d", examples.size(), k);
    }
    return new FewShot(List.copyOf(examples.subList(0, k)));
  }

  /** A solved example for few-shot prompts. */
  record Example(String question, String answer) {
    public Example {
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(answer, "answer");
    }
  }

  /** The question as is. */
  record Raw() implements PromptFormat {
    @Override
    public String name() {
      return "raw";
    }

    @Override
    public String render(String question) {
      return Objects.requireNonNull(question, "question");
    }
  }

  /** One user message under a chat template, with the generation prompt. */
  record Chat(ChatTemplate template) implements PromptFormat {
    public Chat {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public String name() {
      return "chat";
    }

    @Override
    public String render(String question) {
      return template.render(List.of(ChatTemplate.Message.user(question)), true);
    }
  }

  /** Examples, each {@code question\nanswer\n\n}, then the question. */
  record FewShot(List<Example> examples) implements PromptFormat {
    public FewShot {
      examples = List.copyOf(examples);
    }

    @Override
    public String name() {
      return "few-shot";
    }

    @Override
    public String render(String question) {
      Objects.requireNonNull(question, "question");
      StringBuilder out = new StringBuilder();
      for (Example e : examples) {
        out.append(e.question()).append('\n').append(e.answer()).append("\n\n");
      }
      return out.append(question).toString();
    }
  }
}
