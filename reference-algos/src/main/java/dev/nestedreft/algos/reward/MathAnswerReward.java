package dev.nestedreft.algos.reward;

import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * {@code math-answer}: 1.0 when the completion's final answer equals the reference's numerically, else 0.0.
 * Both answers are found and normalised by {@link AnswerExtractor}, so the reference may be a bare number
 * ({@code 18}, {@code 3/4}) or a full solution ({@code "... #### 18"}). They are compared by
 * {@link NumericMatch}: integers exactly, other values within a relative tolerance. A reference without a
 * number scores every completion 0.0. Never throws, whatever the completion.
 */
public final class MathAnswerReward implements RewardFn {
  public static final String NAME = "math-answer";
  public static final double DEFAULT_TOLERANCE = 1e-6;

  private final double tolerance;

  /**
   * @param tolerance the relative tolerance for non-integer answers, finite and {@code >= 0}
   * @throws IllegalArgumentException for a negative or non-finite tolerance
   */
  public MathAnswerReward(double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
    this.tolerance = tolerance;
  }

  public MathAnswerReward() {
    this(DEFAULT_TOLERANCE);
  }

  public double tolerance() {
    return tolerance;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double score(RewardInput input) {
    Optional<BigDecimal> reference = AnswerExtractor.answer(input.reference());
    if (reference.isEmpty()) {
      return 0.0;
    }
    Optional<BigDecimal> answer = AnswerExtractor.answer(input.completion());
    return answer.isPresent() && NumericMatch.matches(answer.get(), reference.get(), tolerance) ? 1.0 : 0.0;
  }
}
