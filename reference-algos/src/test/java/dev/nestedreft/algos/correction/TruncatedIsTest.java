package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import org.junit.jupiter.api.Test;

class TruncatedIsTest {
  @Test
  void defaultCapIsTwo() {
    // min(ρ_t, 2): (1.5, 0.4, min(4, 2) = 2) and (0.25, 1.1, min(5, 2) = 2); clipped 2 of 6 tokens.
    assertWeights(Fixtures.create(new TruncatedIsFactory(), "").weights(Fixtures.shared(), new float[] {2f, -1f}),
        2.0 / 6, row(1.5f, 0.4f, 2f), row(0.25f, 1.1f, 2f));
  }

  @Test
  void capOfOne() {
    // min(ρ_t, 1): (1, 0.4, 1) and (0.25, 1, 1); clipped: 1.5, 4.0, 1.1, 5.0, 4 of 6.
    assertWeights(Fixtures.create(new TruncatedIsFactory(), "c=1").weights(Fixtures.shared(), new float[] {2f, -1f}),
        4.0 / 6, row(1f, 0.4f, 1f), row(0.25f, 1f, 1f));
  }
}
