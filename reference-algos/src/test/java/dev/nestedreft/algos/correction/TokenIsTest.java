package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import org.junit.jupiter.api.Test;

class TokenIsTest {
  private final OffPolicyCorrection tokenIs = Fixtures.create(new TokenIsFactory(), "");

  @Test
  void eachTokenGetsItsOwnRatio() {
    // w_t = ρ_t, unclipped: (1.5, 0.4, 4.0) and (0.25, 1.1, 5.0).
    assertWeights(tokenIs.weights(Fixtures.shared(), new float[] {2f, -1f}), 0.0,
        row(1.5f, 0.4f, 4f), row(0.25f, 1.1f, 5f));
  }
}
