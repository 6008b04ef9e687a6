package dev.nestedreft.spi.rollout;

import dev.nestedreft.spi.InvalidInputException;

/**
 * A prompt to complete: a caller-chosen id (carried into the rollout batch and used to derive the sampling
 * streams) and its token ids.
 *
 * @param id identifies the prompt in the batch; samples of the same id with the same seed are reproducible
 * @param tokens the prompt's token ids, at least one
 */
public record Prompt(long id, int[] tokens) {
  public Prompt {
    if (tokens.length == 0) {
      throw InvalidInputException.of("prompt %d is empty; a prompt needs at least one token", id);
    }
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  public int length() {
    return tokens.length;
  }

  public int token(int i) {
    return tokens[i];
  }
}
