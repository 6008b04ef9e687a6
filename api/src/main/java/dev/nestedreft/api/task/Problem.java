package dev.nestedreft.api.task;

import dev.nestedreft.spi.InvalidInputException;

/**
 * One generated problem with a verifiable integer answer.
 *
 * @param id the problem's position (from 0) in the stream or sample it was drawn in; distinct within one
 *     sample, so it can serve as the prompt id of a rollout. The same problem drawn elsewhere may have another
 *     id: {@code key} and {@code prompt} identify the problem itself.
 * @param difficulty 1 to 3 ({@link ArithTask#MIN_DIFFICULTY} to {@link ArithTask#MAX_DIFFICULTY})
 * @param prompt the text shown to the model, e.g. {@code "Q: 12+5=?\nA:"}
 * @param answer the reference answer
 * @param solution a worked solution to append to the prompt for supervised warm-up, ending in
 *     {@code "#### <answer>"}, e.g. {@code " 12+5=17 #### 17"}
 * @param key the canonical key that decides the problem's split: the operation or template and the operands,
 *     with the operands of {@code +} and {@code *} sorted (so {@code 3+5} and {@code 5+3} share
 *     {@code "add:3,5"}); names and objects of word problems are not part of it
 */
public record Problem(long id, int difficulty, String prompt, long answer, String solution, String key) {
  public Problem {
    if (id < 0) {
      throw InvalidInputException.of("problem id must be >= 0, got %d", id);
    }
    if (difficulty < ArithTask.MIN_DIFFICULTY || difficulty > ArithTask.MAX_DIFFICULTY) {
      throw InvalidInputException.of("problem %d: difficulty must be in [%d, %d], got %d", id,
          ArithTask.MIN_DIFFICULTY, ArithTask.MAX_DIFFICULTY, difficulty);
    }
    requireText(id, "prompt", prompt);
    requireText(id, "solution", solution);
    requireText(id, "key", key);
    if (!solution.endsWith("#### " + answer)) {
      throw InvalidInputException.of("problem %d: solution '%s' must end with '#### %d'", id, solution, answer);
    }
  }

  /** The reference as a reward function takes it: the answer as a bare number. */
  public String reference() {
    return Long.toString(answer);
  }

  /** This problem with another id. */
  public Problem withId(long newId) {
    return new Problem(newId, difficulty, prompt, answer, solution, key);
  }

  private static void requireText(long id, String field, String value) {
    if (value == null || value.isBlank()) {
      throw InvalidInputException.of("problem %d: %s must not be blank", id, field);
    }
  }
}
