package dev.nestedreft.api.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class LearningPlumbingTest {
  @Test
  void aThirdPartyCorrectionOnTheClassPathIsSelectableByName() {
    Algorithms algorithms = Algorithms.discover();
    assertThat(algorithms.corrections().all()).containsKey("third-party-constant");
    CorrectionWeights w = algorithms.correction("third-party-constant",
        Params.parse("correction 'third-party-constant'", "scale=0.25"))
        .weights(SequenceLogprobs.of(List.of(new float[] {-1f, -2f}), List.of(new float[] {-1f, -1f})),
            new float[] {1f});
    assertThat(w.weights().get(0)).containsExactly(0.25f, 0.25f);
    assertThatThrownBy(() -> algorithms.correction("third-party-constant",
        Params.parse("correction 'third-party-constant'", "scal=1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("correction 'third-party-constant': unknown parameter 'scal'; allowed: scale");
    assertThatThrownBy(() -> algorithms.correction("importance"))
        .hasMessageContaining("unknown correction 'importance'; available: ");
  }

  @Test
  void aThrowingRewardIsReportedWithThePromptId() {
    RewardFn broken = reward("user-reward", input -> {
      if (input.completion().contains("boom")) {
        throw new IllegalStateException("cannot parse");
      }
      return 1;
    });
    List<RewardInput> inputs = List.of(new RewardInput(3, "p", "fine", "1"), new RewardInput(42, "p", "boom", "1"));
    assertThatThrownBy(() -> RewardScoring.score(broken, inputs))
        .isInstanceOf(NestedReftException.class)
        .hasMessage("reward 'user-reward' failed on prompt 42: IllegalStateException: cannot parse")
        .hasCauseInstanceOf(IllegalStateException.class);
    RewardFn nan = reward("nan-reward", input -> Double.NaN);
    assertThatThrownBy(() -> RewardScoring.score(nan, inputs))
        .hasMessage("reward 'nan-reward' returned NaN for prompt 3; rewards must be finite");
    assertThat(RewardScoring.score(broken, inputs.subList(0, 1))).containsExactly(1.0);
    RewardScoring.Scores skipped = RewardScoring.scoreSkippingErrors(broken, inputs);
    assertThat(skipped.values()).containsExactly(1.0, 0.0);
    assertThat(skipped.errors()).isEqualTo(1);
    assertThat(skipped.firstError()).contains("prompt 42");
  }

  /** A user-written reward named {@code name} that scores with {@code score}. */
  private static RewardFn reward(String name, ToDoubleFunction<RewardInput> score) {
    return new RewardFn() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double score(RewardInput input) {
        return score.applyAsDouble(input);
      }
    };
  }
}
