package dev.nestedreft.algos.preset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.LossAggregation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetsTest {
  private static void assertRecipe(Algorithm a, String behavior, Map<String, String> behaviorParams,
      String correction, Map<String, String> correctionParams, String advantage, LossAggregation aggregation) {
    assertThat(a.behavior()).isEqualTo(behavior);
    assertThat(a.behaviorParams().values()).isEqualTo(behaviorParams);
    assertThat(a.correction()).isEqualTo(correction);
    assertThat(a.correctionParams().values()).isEqualTo(correctionParams);
    assertThat(a.advantage()).isEqualTo(advantage);
    assertThat(a.advantageParams().values()).isEmpty();
    assertThat(a.aggregation()).isEqualTo(aggregation);
    assertThat(a.klCoefficient()).isZero();
    assertThat(a.entropyCoefficient()).isZero();
  }

  @Test
  void recipes() {
    assertRecipe(new ReftPreset().algorithm(), "full", Map.of(), "none", Map.of(), "grpo",
        LossAggregation.SEQ_MEAN_TOKEN_MEAN);
    assertRecipe(new NestedReftPreset().algorithm(), "random-skip", Map.of("fraction", "0.25"), "seq-tis",
        Map.of("c", "2.0"), "grpo", LossAggregation.SEQ_MEAN_TOKEN_MEAN);
    assertRecipe(new DrGrpoPreset().algorithm(), "full", Map.of(), "none", Map.of(), "dr-grpo",
        LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM);
    assertRecipe(new RlooPreset().algorithm(), "full", Map.of(), "none", Map.of(), "rloo",
        LossAggregation.TOKEN_MEAN);
    assertRecipe(new DapoPreset().algorithm(), "full", Map.of(), "ppo-clip",
        Map.of("eps_low", "0.2", "eps_high", "0.28"), "grpo", LossAggregation.TOKEN_MEAN);
    assertRecipe(new GspoPreset().algorithm(), "full", Map.of(), "geo-mean",
        Map.of("eps_low", "3e-4", "eps_high", "4e-4"), "grpo", LossAggregation.SEQ_MEAN_TOKEN_MEAN);
  }

  @Test
  void namesAndOwners() {
    assertThat(List.of(new ReftPreset().name(), new NestedReftPreset().name(), new DrGrpoPreset().name(),
        new RlooPreset().name(), new DapoPreset().name(), new GspoPreset().name()))
        .containsExactly("reft", "nested-reft", "dr-grpo", "rloo", "dapo", "gspo");
    assertThat(new NestedReftPreset().algorithm().correctionParams().owner()).isEqualTo("correction 'seq-tis'");
    assertThat(new NestedReftPreset().algorithm().behaviorParams().owner()).isEqualTo("behavior 'random-skip'");
  }

  @Test
  void nestedReftSaysItsCorrectionWasChosenByMeasurement() {
    assertThat(new NestedReftPreset().description()).contains("seq-tis with c=2", "chosen by measurement",
        "docs/RESULTS.md");
  }
}
