package dev.nestedreft.algos.reward;

import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import java.util.Objects;

/**
 * {@code format}: a shaping reward, 1.0 when the completion contains a well-formed final-answer marker, else
 * 0.0, whether or not the answer is right. Well-formed: {@code #### <number>} (a number right after the hashes,
 * as {@link AnswerExtractor} reads it), or a {@code \boxed{...}} whose braces balance and whose content is not
 * blank. Which of the two count is set by an {@link AnswerMarker}. Never throws, whatever the completion.
 */
public final class FormatReward implements RewardFn {
  public static final String NAME = "format";

  private final AnswerMarker marker;

  public FormatReward(AnswerMarker marker) {
    this.marker = Objects.requireNonNull(marker, "marker");
  }

  public AnswerMarker marker() {
    return marker;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(RewardInput input) {
    String completion = input.completion();
    if (completion == null || completion.isEmpty()) {
      return 0.0;
    }
    AnswerScan scan = AnswerScan.of(TextNormalizer.normalize(completion));
    boolean hash = scan.hash() != null;
    boolean boxed = scan.hasWellFormedBox();
    boolean ok = switch (marker) {
      case HASH -> hash;
      case BOXED -> boxed;
      case ANY -> hash || boxed;
    };
    return ok ? 1.0 : 0.0;
  }
}
