package dev.nestedreft.algos.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.nestedreft.spi.algo.RewardInput;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parsing table of {@code math-answer}: completion, reference, expected score. */
class MathAnswerTableTest {
  private static final MathAnswerReward REWARD = new MathAnswerReward();

  private static final String BIG = "9" + "8".repeat(198) + "7";
  private static final String BIG_OFF_BY_ONE = "9" + "8".repeat(198) + "6";

  private static final String GSM8K_SOLUTION = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
      + "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72";

  static Stream<Arguments> table() {
    return Stream.of(
        // #### markers
        arguments("hash", "The total is 40 + 2.\n#### 42", "42", 1.0),
        arguments("hash without a space", "####42", "42", 1.0),
        arguments("hash, wrong number", "#### 41", "42", 0.0),
        arguments("hash with dollar", "#### $12.50", "12.5", 1.0),
        arguments("hash with bold", "#### **42**", "42", 1.0),
        arguments("two hash lines: the last counts", "#### 3\nwait, recount\n#### 4", "4", 1.0),
        arguments("two hash lines: the first does not", "#### 3\nwait, recount\n#### 4", "3", 0.0),
        arguments("markdown heading is not a marker", "#### Step 1: add\n2 + 3 = 5", "5", 1.0),
        arguments("markdown heading's number is not taken", "#### Step 1: add\n2 + 3 = 5", "1", 0.0),
        // \boxed
        arguments("boxed", "So we get \\boxed{42}.", "42", 1.0),
        arguments("boxed frac vs decimal", "\\boxed{\\frac{3}{4}}", "0.75", 1.0),
        arguments("boxed dfrac", "$\\boxed{\\dfrac{1}{2}}$", "0.5", 1.0),
        arguments("boxed negative frac", "\\boxed{\\frac{-1}{4}}", "-0.25", 1.0),
        arguments("boxed nested braces", "\\boxed{\\mathbf{{12}}}", "12", 1.0),
        arguments("last closed box counts", "\\boxed{6} no, \\boxed{7}", "7", 1.0),
        arguments("unclosed box ignored: last closed one", "\\boxed{7} then \\boxed{8", "7", 1.0),
        arguments("unclosed box falls back to last number", "\\boxed{42", "42", 1.0),
        arguments("unbalanced frac box: last number is the fraction", "\\boxed{\\frac{1}{2}", "0.5", 1.0),
        arguments("stray braces around a hash", "}}}} #### 5 {{{", "5", 1.0),
        arguments("final answer is boxed", "The final answer is $\\boxed{17}$.", "17", 1.0),
        // "the answer is"
        arguments("answer is, sentence dot", "The answer is 7.", "7", 1.0),
        arguments("answer is, negative", "so the answer is -3", "-3", 1.0),
        arguments("answer is, sign matters", "so the answer is -3", "3", 0.0),
        arguments("answer is, any case", "THE ANSWER IS 9", "9", 1.0),
        arguments("answer is beats a later number", "The answer is 7. Check: 7 + 1 = 8", "7", 1.0),
        arguments("answer isn't is not the phrase", "the answer isn't 5, it's 6", "6", 1.0),
        arguments("answer is with LaTeX percent", "The answer is 50\\%", "50", 1.0),
        // priority between rules
        arguments("hash beats a later box", "#### 5\n\\boxed{6}", "5", 1.0),
        arguments("box is not taken over a hash", "#### 5\n\\boxed{6}", "6", 0.0),
        arguments("box beats answer-is", "\\boxed{6}. Thus the answer is 7", "6", 1.0),
        // last-number fallback
        arguments("last number", "First 3 apples, then 5 more: 8 in all", "8", 1.0),
        arguments("last number, not an earlier one", "First 3 apples, then 5 more: 8 in all", "5", 0.0),
        arguments("dash between numbers is not a sign", "read pages 3\u20135", "5", 1.0),
        // normalisation
        arguments("unicode minus", "#### \u22125", "-5", 1.0),
        arguments("en dash as minus", "#### \u20135", "-5", 1.0),
        arguments("thousands comma", "The total is 1,234 dollars.", "1234", 1.0),
        arguments("several thousands groups", "#### 1,234,567", "1234567", 1.0),
        arguments("LaTeX thousands separator", "\\boxed{1{,}234}", "1234", 1.0),
        arguments("12,34 is not a thousands group", "#### 12,34", "1234", 0.0),
        arguments("dollars and cents", "It costs $12.50.", "12.5", 1.0),
        arguments("trailing .0", "#### 42.0", "42", 1.0),
        arguments("trailing .00", "#### 42.00", "42", 1.0),
        arguments("leading plus", "#### +7", "7", 1.0),
        arguments("plain fraction", "#### 3/4", "0.75", 1.0),
        arguments("negative LaTeX fraction", "the answer is -\\frac{1}{4}", "-0.25", 1.0),
        arguments("fraction within tolerance", "#### 0.3333333", "1/3", 1.0),
        arguments("fraction outside tolerance", "#### 0.33", "1/3", 0.0),
        arguments("zero denominator has no value", "#### 1/0", "0", 0.0),
        // percentages: the number before % as written
        arguments("percent equals the bare number", "#### 50%", "50", 1.0),
        arguments("percent is not a fraction", "#### 50%", "0.5", 0.0),
        arguments("percent reference", "#### 50", "50%", 1.0),
        // scientific notation is read
        arguments("scientific notation", "#### 1e3", "1000", 1.0),
        arguments("scientific notation, negative exponent", "#### 2.5E-3", "0.0025", 1.0),
        arguments("a word after a number is not an exponent", "I ate 3eggs", "3", 1.0),
        // negative zero
        arguments("negative zero", "#### -0", "0", 1.0),
        arguments("negative zero with decimals", "#### -0.0", "0", 1.0),
        // garbage, empty, not-a-number words
        arguments("garbage", "asdf", "42", 0.0),
        arguments("empty", "", "42", 0.0),
        arguments("whitespace only", "   \n\t  ", "0", 0.0),
        arguments("NaN is not a number", "NaN", "NaN", 0.0),
        arguments("Infinity is not a number", "Infinity", "Infinity", 0.0),
        arguments("answer is NaN has no number", "I think the answer is NaN", "0", 0.0),
        // huge numbers
        arguments("200-digit integer, equal", "#### " + BIG, BIG, 1.0),
        arguments("200-digit integer, last digit differs", "#### " + BIG_OFF_BY_ONE, BIG, 0.0),
        arguments("200-digit integer with .0", "#### " + BIG + ".0", BIG, 1.0),
        arguments("integers compare exactly, beyond the tolerance", "#### 1000001", "1000000", 0.0),
        // references as full solutions
        arguments("GSM8K solution reference", "#### 72", GSM8K_SOLUTION, 1.0),
        arguments("GSM8K solution reference, wrong", "#### 24", GSM8K_SOLUTION, 0.0),
        arguments("GSM8K short solution vs answer-is", "The answer is 18", "3 * 6 = 18\n#### 18", 1.0),
        arguments("LaTeX reference", "#### 0.75", "\\frac{3}{4}", 1.0),
        arguments("reference without a number", "#### 42", "no idea", 0.0));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("table")
  void scoresTheFinalAnswer(String label, String completion, String reference, double expected) {
    assertThat(REWARD.score(new RewardInput(1, "q", completion, reference))).as(label).isEqualTo(expected);
  }

  @Test
  void theTableIsLargeAndHasBothOutcomes() {
    assertThat(table().count()).isGreaterThanOrEqualTo(40);
    assertThat(table().filter(a -> (double) a.get()[3] == 0.0).count()).isGreaterThanOrEqualTo(15);
  }
}
