package dev.nestedreft.api.data;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The most tokens a row's prompt may take, so that the prompt and the completion fit the model's context: a row
 * whose prompt is longer is a bad row ({@code file:line}), stopped at or skipped by the loader's {@link OnBadRow}
 * policy, rather than a failure at the first step that draws it.
 *
 * @param tokens the tokens a prompt text takes, as the run will feed it (the prompt format applied, bos included)
 * @param maxTokens the most it may take
 * @param why what the bound is, for messages, e.g. "the model's context (max_position_embeddings 512) less
 *     max_new_tokens 24"
 */
public record PromptLimit(ToIntFunction<String> tokens, int maxTokens, String why) {
  public PromptLimit {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(why, "why");
    if (maxTokens < 1) {
      throw InvalidInputException.of("no prompt fits: %s leaves %d tokens", why, maxTokens);
    }
  }

  /**
   * The limit of a model's context {@code contextTokens} ({@code max_position_embeddings}) less
   * {@code maxNewTokens}, the room the completion needs.
   */
  public static PromptLimit ofContext(ToIntFunction<String> tokens, int contextTokens, int maxNewTokens) {
    return new PromptLimit(tokens, contextTokens - maxNewTokens, String.format("the model's context "
        + "(max_position_embeddings %d) less max_new_tokens %d", contextTokens, maxNewTokens));
  }

  /** Why {@code prompt} breaks the limit, or null when it fits. */
  String problem(String prompt) {
    int n = tokens.applyAsInt(prompt);
    return n <= maxTokens ? null
        : String.format("the prompt takes %d tokens, more than the %d of %s", n, maxTokens, why);
  }
}
