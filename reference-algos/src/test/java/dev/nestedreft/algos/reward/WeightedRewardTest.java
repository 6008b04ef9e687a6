package dev.nestedreft.algos.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.nestedreft.algos.reward.WeightedReward.Term;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightedRewardTest {
  private static final RewardInput INPUT = new RewardInput(1, "q", "c", "r");

  /** A reward that always gives the same score. */
  private record Constant(String name, double value) implements RewardFn {
    @Override
    public double score(RewardInput input) {
      return value;
    }
  }

  private static RewardInput answer(String completion) {
    return new RewardInput(1, "q", completion, "Six and twelve.\n#### 18");
  }

  @Test
  void scoreIsTheWeightedSum() {
    WeightedReward r = new WeightedReward(List.of(new Term(new Constant("a", 1.0), 0.9),
        new Term(new Constant("b", 0.5), 0.2), new Term(new Constant("c", -2.0), 0.25)));
    assertThat(r.score(INPUT)).isCloseTo(0.9 + 0.1 - 0.5, offset(1e-12));
    assertThat(r.name()).isEqualTo("0.9*a+0.2*b+0.25*c");
    assertThat(r.terms()).hasSize(3);
  }

  @Test
  void parsesASpecAgainstTheRegisteredRewards() {
    WeightedReward r = WeightedReward.parse("math-answer:0.9,format:0.1", Rewards::byName);
    assertThat(r.name()).isEqualTo("0.9*math-answer+0.1*format");
    assertThat(r.score(answer("so #### 18"))).isCloseTo(1.0, offset(1e-12));
    assertThat(r.score(answer("so #### 17"))).isCloseTo(0.1, offset(1e-12));
    assertThat(r.score(answer("I get 18"))).isCloseTo(0.9, offset(1e-12));
    assertThat(r.score(answer("no idea"))).isZero();
  }

  @Test
  void aBareNameHasWeightOneAndKeepsItsName() {
    WeightedReward r = WeightedReward.parse("math-answer", Rewards::byName);
    assertThat(r.terms()).singleElement().satisfies(t -> assertThat(t.weight()).isEqualTo(1.0));
    assertThat(r.name()).isEqualTo("math-answer");
    assertThat(r.score(answer("#### 18"))).isEqualTo(1.0);
  }

  @Test
  void blanksAreIgnoredAndWeightsPrintCompactly() {
    WeightedReward r = WeightedReward.parse(" math-answer : 2 , format:0.50 ", Rewards::byName);
    assertThat(r.name()).isEqualTo("2*math-answer+0.5*format");
    assertThat(r.score(answer("#### 18"))).isCloseTo(2.5, offset(1e-12));
    assertThat(WeightedReward.parse("format:0", Rewards::byName).name()).isEqualTo("0*format");
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                          | reward spec is empty
      "   "                       | reward spec is empty
      "math-answer:"              | weight of 'math-answer' must be a finite number >= 0, got ''
      "math-answer:abc"           | weight of 'math-answer' must be a finite number >= 0, got 'abc'
      "math-answer:-0.5"          | weight of 'math-answer' must be a finite number >= 0, got '-0.5'
      "math-answer:NaN"           | got 'NaN'
      "math-answer:Infinity"      | got 'Infinity'
      "math-answer:1e400"         | got '1e400'
      "math-answer:0x1p3"         | got '0x1p3'
      "math-answer:1d"            | got '1d'
      "math-answer:1:2"           | got '1:2'
      ":0.5"                      | term ':0.5' has no reward name
      "math-answer,,format"       | term 2 is empty
      "math-answer,"              | term 2 is empty
      "math-answer:1,math-answer" | reward 'math-answer' appears twice
      "math-answer,lenght:0.1"    | unknown reward 'lenght'
      """)
  void refusesBadSpecsWithAClearMessage(String spec, String message) {
    assertThatThrownBy(() -> WeightedReward.parse(spec, Rewards::byName))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
  }

  @Test
  void theConstructorRefusesNoTermsAndBadWeights() {
    assertThatThrownBy(() -> new WeightedReward(List.of())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least one term");
    assertThatThrownBy(() -> new Term(new Constant("a", 1), -1)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("reward 'a'");
    assertThatThrownBy(() -> new Term(new Constant("a", 1), Double.NaN))
        .isInstanceOf(InvalidInputException.class);
  }
}
