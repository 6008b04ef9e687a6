package dev.nestedreft.spi.learner;

/**
 * One sequence the learner scores or trains on: a prompt and its completion. Only completion tokens carry loss.
 */
public record TrainSequence(int[] prompt, int[] completion) {
  public int length() {
    return prompt.length + completion.length;
  }
}
