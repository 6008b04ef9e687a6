package dev.nestedreft.spi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.weights.WeightNames;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void parameterCountMatchesTheTensorsTheSpecNeeds() {
    for (ModelSpec spec : ModelPresets.all().values()) {
      long fromTensors = WeightNames.expected(spec).values().stream()
          .mapToLong(shape -> Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
      assertThat(spec.parameterCount()).as(spec.toString()).isEqualTo(fromTensors);
    }
    // Qwen2.5-0.5B has 494,032,768 parameters with its tied head.
    assertThat(ModelPresets.get("qwen2.5-0.5b-shape").parameterCount()).isEqualTo(494_032_768L);
  }

  @Test
  void ropeFrequenciesFollowTheHfFormula() {
    float[] inv = Rope.inverseFrequencies(ModelPresets.get("tiny"));
    assertThat(inv).hasSize(16);
    assertThat(inv[0]).isEqualTo(1f);
    assertThat((double) inv[1]).isCloseTo(Math.pow(10000, -2.0 / 32), Offset.offset(1e-7));
  }

  @Test
  void presetsAreNamedInErrors() {
    assertThatThrownBy(() -> ModelPresets.get("huge")).hasMessageContaining("unknown preset 'huge'")
        .hasMessageContaining("tiny");
  }
}
