package dev.nestedreft.algos.reward;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The final answer found in a text, as {@link AnswerExtractor} reports it.
 *
 * @param rule the rule that found it
 * @param text the expression as written, after {@link AnswerExtractor}'s character clean-up (e.g.
 *     {@code \frac{3}{4}}, {@code 1,234}, {@code -5%})
 * @param value its normalised value; empty when the expression has none (a zero denominator, a number longer
 *     than 1000 characters, an exponent of more than four digits)
 */
public record Extraction(Rule rule, String text, Optional<BigDecimal> value) {
  /** The extraction rules, in priority order. */
  public enum Rule {
    /** The last {@code #### x}. */
    HASH,
    /** The last closed {@code \boxed{x}}. */
    BOXED,
    /** The last "the answer is x". */
    ANSWER_IS,
    /** The last number of the text. */
    LAST_NUMBER
  }

  public Extraction {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(value, "value");
  }
}
