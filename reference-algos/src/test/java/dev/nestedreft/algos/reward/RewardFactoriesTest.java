package dev.nestedreft.algos.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardFnFactory;
import dev.nestedreft.spi.algo.RewardInput;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardFactoriesTest {
  private static final RewardFnFactory MATH = new MathAnswerRewardFactory();
  private static final RewardFnFactory FORMAT = new FormatRewardFactory();

  private static Params params(String owner, String text) {
    return Params.parse(owner, text);
  }

  @Test
  void serviceLoaderFindsBothFactoriesByName() {
    Map<String, RewardFnFactory> factories = Rewards.factories();
    assertThat(factories).containsKeys("math-answer", "format");
    assertThat(factories.get("math-answer")).isInstanceOf(MathAnswerRewardFactory.class);
    assertThat(factories.get("format")).isInstanceOf(FormatRewardFactory.class);
    for (String name : new String[] {"math-answer", "format"}) {
      RewardFnFactory f = factories.get(name);
      assertThat(f.description()).isNotBlank();
      RewardFn reward = f.create(Params.none("reward '" + name + "'"));
      assertThat(reward.name()).isEqualTo(name);
      assertThat(reward.score(new RewardInput(0, "q", "#### 7", "7"))).isEqualTo(1.0);
    }
  }

  @Test
  void defaults() {
    assertThat(((MathAnswerReward) MATH.create(Params.none("m"))).tolerance()).isEqualTo(1e-6);
    assertThat(((FormatReward) FORMAT.create(Params.none("f"))).marker()).isEqualTo(AnswerMarker.ANY);
  }

  @Test
  void toleranceParameterChangesTheComparison() {
    RewardInput pi = new RewardInput(0, "q", "#### 3.14", "3.14159");
    assertThat(MATH.create(params("m", "tolerance=0.01")).score(pi)).isEqualTo(1.0);
    assertThat(MATH.create(params("m", "")).score(pi)).isZero();
  }

  @Test
  void markerParameterChoosesTheMarker() {
    RewardInput boxed = new RewardInput(0, "q", "\\boxed{7}", "7");
    assertThat(FORMAT.create(params("f", "marker=boxed")).score(boxed)).isEqualTo(1.0);
    assertThat(FORMAT.create(params("f", "marker=hash")).score(boxed)).isZero();
    assertThat(FORMAT.create(params("f", "marker=any")).score(boxed)).isEqualTo(1.0);
  }

  @Test
  void unknownParametersAreNamed() {
    assertThatThrownBy(() -> MATH.create(params("reward 'math-answer'", "tol=0.1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("reward 'math-answer'")
        .hasMessageContaining("unknown parameter 'tol'")
        .hasMessageContaining("allowed: tolerance");
    assertThatThrownBy(() -> FORMAT.create(params("reward 'format'", "markers=hash")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown parameter 'markers'")
        .hasMessageContaining("allowed: marker");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> MATH.create(params("reward 'math-answer'", "tolerance=abc")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameter 'tolerance' must be a finite number, got 'abc'");
    assertThatThrownBy(() -> MATH.create(params("reward 'math-answer'", "tolerance=-1e-3")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameter 'tolerance' must be >= 0, got '-1e-3'");
    assertThatThrownBy(() -> FORMAT.create(params("reward 'format'", "marker=box")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parameter 'marker' must be one of hash, boxed, any, got 'box'");
  }
}
