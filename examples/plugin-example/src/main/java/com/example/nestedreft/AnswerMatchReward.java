package com.example.nestedreft;

import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;

/**
 * {@code answer-match}: 1 when the text after the completion's last {@code ####} equals the reference answer (both
 * trimmed), {@code partial} when the reference appears anywhere else in the completion, and 0 otherwise. Always in
 * {@code [0, 1]}; never throws.
 */
final class AnswerMatchReward implements RewardFn {
  static final String NAME = "answer-match";
  private static final String MARKER = "####";

  private final double partial;

  AnswerMatchReward(double partial) {
    this.partial = partial;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(RewardInput input) {
    String completion = input.completion();
    String reference = input.reference().trim();
    int marker = completion.lastIndexOf(MARKER);
    if (marker >= 0 && completion.substring(marker + MARKER.length()).trim().equals(reference)) {
      return 1.0;
    }
    return !reference.isEmpty() && completion.contains(reference) ? partial : 0.0;
  }
}
