package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import org.junit.jupiter.api.Test;

class NoCorrectionTest {
  private final OffPolicyCorrection none = Fixtures.create(new NoCorrectionFactory(), "");

  @Test
  void everyWeightIsOneWhateverTheRatios() {
    // w_t = 1 for all six tokens, whatever ρ_t; nothing clipped.
    assertWeights(none.weights(Fixtures.shared(), new float[] {2f, -1f}), 0.0,
        row(1f, 1f, 1f), row(1f, 1f, 1f));
    assertThat(none.name()).isEqualTo("none");
  }
}
