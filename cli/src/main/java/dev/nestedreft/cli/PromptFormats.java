package dev.nestedreft.cli;

import dev.nestedreft.api.text.ChatTemplate;
import dev.nestedreft.api.text.PromptFormat;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.List;

/** {@code --prompt-format raw | chat | few-shot[:k]}. */
final class PromptFormats {
  private PromptFormats() {}

  /** The format named by {@code spec}; chat needs the model directory's template, few-shot takes train problems. */
  static PromptFormat parse(String spec, Path modelDir, Task task) {
    if (spec == null || spec.equals("raw")) {
      return PromptFormat.raw();
    }
    if (spec.equals("chat")) {
      if (modelDir == null) {
        throw new InvalidInputException("--prompt-format chat needs --model DIR (its tokenizer_config.json template)");
      }
      return PromptFormat.chat(ChatTemplate.load(modelDir));
    }
    if (spec.startsWith("few-shot")) {
      int k;
      try {
        k = spec.equals("few-shot") ? 4 : Integer.parseInt(spec.substring("few-shot:".length()));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        throw InvalidInputException.of("--prompt-format: expected few-shot or few-shot:K, got '%s'", spec);
      }
      List<PromptFormat.Example> examples = task.train(0, k).stream()
          .map((TaskProblem p) -> new PromptFormat.Example(p.prompt(), p.solution())).toList();
      return PromptFormat.fewShot(examples, k);
    }
    throw InvalidInputException.of("--prompt-format: expected raw, chat or few-shot[:K], got '%s'", spec);
  }
}
