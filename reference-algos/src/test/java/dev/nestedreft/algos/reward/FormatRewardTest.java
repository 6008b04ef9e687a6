package dev.nestedreft.algos.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.RewardInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatRewardTest {
  private static double score(AnswerMarker marker, String completion) {
    return new FormatReward(marker).score(new RewardInput(3, "q", completion, "42"));
  }

  @ParameterizedTest(name = "[{index}] {0}: hash={1} boxed={2} any={3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      "#### 42"                          | 1 | 0 | 1
      "####42"                           | 1 | 0 | 1
      "#### 41 (a wrong answer)"         | 1 | 0 | 1
      "#### -\\frac{1}{2}"               | 1 | 0 | 1
      "\\boxed{42}"                      | 0 | 1 | 1
      "\\boxed{x + 1}"                   | 0 | 1 | 1
      "\\boxed{\\frac{1}{2}}"            | 0 | 1 | 1
      "\\boxed {{nested} braces}"        | 0 | 1 | 1
      "#### 5 and \\boxed{5}"            | 1 | 1 | 1
      "\\boxed{42"                       | 0 | 0 | 0
      "\\boxed{\\frac{1}{2}"             | 0 | 0 | 0
      "\\boxed{}"                        | 0 | 0 | 0
      "\\boxed{   }"                     | 0 | 0 | 0
      "#### Step 1: read the question"   | 0 | 0 | 0
      "####"                             | 0 | 0 | 0
      "#### NaN"                         | 0 | 0 | 0
      "The answer is 42."                | 0 | 0 | 0
      "42"                               | 0 | 0 | 0
      ""                                 | 0 | 0 | 0
      "}}{{ \\boxed }"                   | 0 | 0 | 0
      """)
  void scoresTheMarker(String completion, double hash, double boxed, double any) {
    assertThat(score(AnswerMarker.HASH, completion)).as("hash").isEqualTo(hash);
    assertThat(score(AnswerMarker.BOXED, completion)).as("boxed").isEqualTo(boxed);
    assertThat(score(AnswerMarker.ANY, completion)).as("any").isEqualTo(any);
  }

  @Test
  void nullCompletionScoresZero() {
    assertThat(new FormatReward(AnswerMarker.ANY).score(new RewardInput(1, "q", null, "1"))).isZero();
  }
}
