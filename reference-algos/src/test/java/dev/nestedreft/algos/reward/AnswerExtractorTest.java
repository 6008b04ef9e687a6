package dev.nestedreft.algos.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nestedreft.algos.reward.Extraction.Rule;
import dev.nestedreft.spi.algo.RewardInput;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AnswerExtractorTest {
  private static final Duration QUICKLY = Duration.ofSeconds(5);

  private static Extraction extract(String text) {
    return AnswerExtractor.extract(text).orElseThrow();
  }

  @Test
  void reportsTheRuleTheTextAsWrittenAndTheValue() {
    Extraction hash = extract("We add them.\n#### 1,234");
    assertThat(hash.rule()).isEqualTo(Rule.HASH);
    assertThat(hash.text()).isEqualTo("1,234");
    assertThat(hash.value()).contains(new BigDecimal("1234"));

    Extraction boxed = extract("so \\boxed{\\frac{3}{4}} is it, 5");
    assertThat(boxed.rule()).isEqualTo(Rule.BOXED);
    assertThat(boxed.text()).isEqualTo("\\frac{3}{4}");
    assertThat(boxed.value().orElseThrow()).isEqualByComparingTo("0.75");

    Extraction answerIs = extract("The answer is 7. Check: 7 + 1 = 8");
    assertThat(answerIs.rule()).isEqualTo(Rule.ANSWER_IS);
    assertThat(answerIs.text()).isEqualTo("7");

    Extraction last = extract("3 apples and 5 pears");
    assertThat(last.rule()).isEqualTo(Rule.LAST_NUMBER);
    assertThat(last.text()).isEqualTo("5");
  }

  @Test
  void textShowsTheCleanedUpExpression() {
    Extraction minus = extract("#### \u22125%");
    assertThat(minus.text()).isEqualTo("-5%");
    assertThat(minus.value().orElseThrow()).isEqualByComparingTo("-5");
  }

  @Test
  void noNumberMeansNoExtraction() {
    assertThat(AnswerExtractor.extract(null)).isEmpty();
    assertThat(AnswerExtractor.extract("")).isEmpty();
    assertThat(AnswerExtractor.extract(" \n\t ")).isEmpty();
    assertThat(AnswerExtractor.extract("NaN, Infinity, -Infinity and asdf")).isEmpty();
    assertThat(AnswerExtractor.extract("#### \\boxed{x} the answer is y")).isEmpty();
  }

  @Test
  void anExpressionWithoutAValueIsFoundButHasNone() {
    Extraction zeroDenominator = extract("#### 1/0");
    assertThat(zeroDenominator.rule()).isEqualTo(Rule.HASH);
    assertThat(zeroDenominator.text()).isEqualTo("1/0");
    assertThat(zeroDenominator.value()).isEmpty();
    assertThat(AnswerExtractor.answer("#### 1/0")).isEmpty();

    // Over-long numbers and exponents occupy their place, rather than leaving a shorter number as the answer.
    String tooLong = "1".repeat(NumberLexer.MAX_CHARS + 1);
    assertThat(extract("5 then " + tooLong).value()).isEmpty();
    assertThat(extract("5 then 1e99999").text()).isEqualTo("1e99999");
    assertThat(extract("5 then 1e99999").value()).isEmpty();
    assertThat(extract("1e9999").value().orElseThrow()).isEqualByComparingTo("1e9999");
  }

  @Test
  void fractionsAreExactWhenTheyTerminateAndRoundedOtherwise() {
    assertThat(AnswerExtractor.answer("#### 2/8")).contains(new BigDecimal("0.25"));
    BigDecimal third = AnswerExtractor.answer("#### 1/3").orElseThrow();
    assertThat(third.precision()).isEqualTo(34);
    assertThat(third.toPlainString()).startsWith("0.3333333333");
    String big = "12345678901234567890123456789012345678901234567890";
    assertThat(AnswerExtractor.answer("\\frac{" + big + "0}{10}").orElseThrow()).isEqualByComparingTo(big);
  }

  @Test
  void latexFractionForms() {
    assertThat(AnswerExtractor.answer("\\frac12").orElseThrow()).isEqualByComparingTo("0.5");
    assertThat(AnswerExtractor.answer("\\tfrac { 3 } { 4 }").orElseThrow()).isEqualByComparingTo("0.75");
    assertThat(AnswerExtractor.answer("\\dfrac{1.5}{3}").orElseThrow()).isEqualByComparingTo("0.5");
    // Not a fraction: the numerator is not a plain number, so the numbers inside are read on their own.
    assertThat(AnswerExtractor.answer("\\frac{x}{2}").orElseThrow()).isEqualByComparingTo("2");
  }

  @Test
  void signsOnlyWhereTheyCannotBeAMinusOperator() {
    assertThat(AnswerExtractor.answer("x=-5")).contains(new BigDecimal("-5"));
    assertThat(AnswerExtractor.answer("10-3")).contains(new BigDecimal("3"));
    assertThat(AnswerExtractor.answer("(2)-3")).contains(new BigDecimal("3"));
    assertThat(AnswerExtractor.answer("costs -$4")).contains(new BigDecimal("-4"));
    assertThat(AnswerExtractor.answer("version 1.2.3").orElseThrow()).isEqualByComparingTo("3");
    assertThat(AnswerExtractor.answer("about .5 of it").orElseThrow()).isEqualByComparingTo("0.5");
  }

  @Test
  void answerIsTakesTheFirstNumberOnItsLineOnly() {
    // Nothing after "answer is" on its line: the phrase yields nothing, and the last number decides.
    Extraction e = extract("The answer is below.\n41 or 42");
    assertThat(e.rule()).isEqualTo(Rule.LAST_NUMBER);
    assertThat(e.text()).isEqualTo("42");
    assertThat(extract("the answer is, after all, 12 (not 13)").text()).isEqualTo("12");
  }

  @Test
  void aBoxWithoutANumberIsSkippedForAnEarlierOne() {
    Extraction e = extract("\\boxed{4} and then \\boxed{x}");
    assertThat(e.rule()).isEqualTo(Rule.BOXED);
    assertThat(e.text()).isEqualTo("4");
  }

  @Test
  void hundredThousandCharacterInputsAreQuick() {
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "abxe 0123456789.,-+/%$#{}\\\n*";
    StringBuilder noise = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      noise.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    String randomText = noise + "\n#### 42";
    assertTimeoutPreemptively(QUICKLY, () -> {
      assertThat(AnswerExtractor.answer(randomText)).contains(new BigDecimal("42"));
      assertThat(new MathAnswerReward().score(new RewardInput(1, "", randomText, "42"))).isEqualTo(1.0);
    });

    assertTimeoutPreemptively(QUICKLY, () -> {
      Extraction openBoxes = extract("\\boxed{".repeat(15_000) + "7");
      assertThat(openBoxes.rule()).isEqualTo(Rule.LAST_NUMBER);
      assertThat(openBoxes.text()).isEqualTo("7");
    });
    assertTimeoutPreemptively(QUICKLY, () -> {
      Extraction closedBoxes = extract("\\boxed{ ".repeat(15_000) + "7" + "}".repeat(15_000));
      assertThat(closedBoxes.rule()).isEqualTo(Rule.BOXED);
    });
    assertTimeoutPreemptively(QUICKLY, () -> {
      assertThat(extract("####".repeat(25_000) + " 9").rule()).isEqualTo(Rule.HASH);
      assertThat(extract("#### ".repeat(25_000) + "9").rule()).isEqualTo(Rule.HASH);
    });
    assertTimeoutPreemptively(QUICKLY, () -> {
      Extraction answerIs = extract("the answer is ".repeat(8_000) + "5");
      assertThat(answerIs.rule()).isEqualTo(Rule.ANSWER_IS);
      assertThat(answerIs.text()).isEqualTo("5");
    });
    assertTimeoutPreemptively(QUICKLY, () -> {
      assertThat(extract("9".repeat(100_000)).value()).isEmpty();
      assertThat(extract("1,".repeat(50_000)).text()).isEqualTo("1");
      assertThat(extract("1,234".repeat(20_000)).value()).isNotEmpty();
      assertThat(extract("1e" + "9".repeat(100_000)).value()).isEmpty();
      assertThat(AnswerExtractor.extract("{".repeat(50_000) + "}".repeat(50_000))).isEmpty();
      assertThat(AnswerExtractor.extract("\\frac{".repeat(20_000))).isEmpty();
      assertThat(AnswerExtractor.extract("\\frac" + " ".repeat(100_000))).isEmpty();
      assertThat(AnswerExtractor.extract("-".repeat(100_000))).isEmpty();
    });
  }

  @Test
  void neverThrowsOnRandomMarkup() {
    String[] pieces = {"\\boxed{", "\\boxed", "{", "}", "\\frac", "\\dfrac{", "####", "#", "answer is ",
        "The Answer Is",
        "-", "+", "\u2212", "\u2013", ".", ",", "{,}", "\\,", "/", "%", "\\%", "$", "e", "E", "0", "7", "12",
        "1,234", "9".repeat(30), " ", "\n", "NaN", "Infinity", "x", "\u00A0", "\u202F", "\\"};
    SplittableRandom random = new SplittableRandom(11);
    MathAnswerReward math = new MathAnswerReward();
    FormatReward format = new FormatReward(AnswerMarker.ANY);
    int withValue = 0;
    for (int trial = 0; trial < 5_000; trial++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String s = text.toString();
      AtomicReference<Optional<Extraction>> found = new AtomicReference<>();
      assertThatCode(() -> found.set(AnswerExtractor.extract(s))).as(s).doesNotThrowAnyException();
      if (found.get().isPresent()) {
        assertThat(found.get().get().text()).as(s).isNotEmpty();
        withValue += found.get().get().value().isPresent() ? 1 : 0;
      }
      RewardInput input = new RewardInput(trial, "", s, s);
      assertThat(math.score(input)).as(s).isIn(0.0, 1.0);
      assertThat(format.score(input)).as(s).isIn(0.0, 1.0);
    }
    assertThat(withValue).isGreaterThan(1_000);
  }
}
