package dev.nestedreft.algos.reward;

import dev.nestedreft.algos.reward.Extraction.Rule;
import dev.nestedreft.algos.reward.NumberLexer.Token;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Finds the final numeric answer of a text (a completion, or a reference that is either a bare number or a full
 * solution such as GSM8K's {@code "... #### 18"}) and normalises it to a {@link BigDecimal}. It never throws,
 * whatever the text, and runs in time linear in its length.
 *
 * <p><b>Which answer.</b> The first rule that finds something decides, in this order:
 *
 * <ol>
 *   <li>the last {@code #### x} ({@code ####x}, {@code #### $x} and {@code #### **x**} too); a {@code ####} not
 *       followed by a number, such as a Markdown heading, is not a marker;
 *   <li>the last {@code \boxed{...}} whose braces balance and that holds a number: its first number. Nested
 *       braces are matched ({@code \boxed{\frac{1}{2}}}); a box that never closes is ignored;
 *   <li>the last "the answer is x" (any case; the words "answer is" suffice, so "The final answer is" counts):
 *       the first number after it on the same line;
 *   <li>the last number anywhere in the text.
 * </ol>
 *
 * <p><b>Normalisation.</b> Thousands separators are dropped ({@code 1,234}, {@code 1{,}234}, {@code 1\,234});
 * the unicode minus and other dashes read as {@code -}; a leading {@code +}, a {@code $} before or after the sign
 * and a sentence's trailing {@code .} are ignored; {@code 42.0} and {@code 42.00} equal 42; fractions
 * {@code a/b}, {@code \frac{a}{b}}, {@code \dfrac{a}{b}} and {@code \tfrac{a}{b}} become their quotient (to 34
 * significant digits when it does not terminate); {@code -0} is 0.
 *
 * <p><b>Percentages.</b> The number before {@code %} (or {@code \%}) is kept as written: {@code 50%} is 50, and
 * therefore equals a reference of 50 but not one of 0.5. GSM8K writes percentage answers as the bare number.
 *
 * <p><b>Scientific notation.</b> Read: {@code 1e3} and {@code 1E+3} are 1000, {@code 2.5e-3} is 0.0025. A word
 * like {@code 3eggs} is the number 3. {@code NaN} and {@code Infinity} are words, not numbers.
 *
 * <p>The exact grammar of a number is documented on the package-private lexer; the character clean-up (dashes,
 * thin spaces, LaTeX separators) is applied to the whole text first, and {@link Extraction#text()} shows the
 * expression after it.
 */
public final class AnswerExtractor {
  private AnswerExtractor() {}

  /**
   * The final answer of {@code text}, with the rule that found it and the expression as written; empty when the
   * text ({@code null} included) holds no number at all.
   */
  public static Optional<Extraction> extract(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    AnswerScan scan = AnswerScan.of(TextNormalizer.normalize(text));
    if (scan.hash() != null) {
      return Optional.of(extraction(Rule.HASH, scan.hash(), scan));
    }
    if (scan.boxed() != null) {
      return Optional.of(extraction(Rule.BOXED, scan.boxed(), scan));
    }
    if (scan.answerIs() != null) {
      return Optional.of(extraction(Rule.ANSWER_IS, scan.answerIs(), scan));
    }
    if (scan.last() != null) {
      return Optional.of(extraction(Rule.LAST_NUMBER, scan.last(), scan));
    }
    return Optional.empty();
  }

  /** The normalised value of the final answer of {@code text}; empty when there is none or it has no value. */
  public static Optional<BigDecimal> answer(String text) {
    return extract(text).flatMap(Extraction::value);
  }

  private static Extraction extraction(Rule rule, Token token, AnswerScan scan) {
    return new Extraction(rule, scan.text().substring(token.start(), token.end()), token.value());
  }
}
