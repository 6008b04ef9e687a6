package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import org.junit.jupiter.api.Test;

class RatioMaskTest {
  @Test
  void tokenLevelDefaultBand() {
    // [0.5, 2]: sequence 0: 1.5 kept, 0.4 < 0.5 → 0, 4.0 > 2 → 0; sequence 1: 0.25 → 0, 1.1 kept, 5.0 → 0.
    // Zeroed: 4 of 6.
    assertWeights(Fixtures.create(new RatioMaskFactory(), "").weights(Fixtures.shared(), new float[] {2f, -1f}),
        4.0 / 6, row(1.5f, 0f, 0f), row(0f, 1.1f, 0f));
  }

  @Test
  void tokenLevelWiderBand() {
    // [0.2, 4.5]: only 5.0 is outside: (1.5, 0.4, 4.0) and (0.25, 1.1, 0). Zeroed: 1 of 6.
    assertWeights(Fixtures.create(new RatioMaskFactory(), "lo=0.2,hi=4.5")
        .weights(Fixtures.shared(), new float[] {2f, -1f}), 1.0 / 6, row(1.5f, 0.4f, 4f), row(0.25f, 1.1f, 0f));
  }

  @Test
  void sequenceLevel() {
    // [0.5, 2]: ρ_seq = 2.4 > 2 → sequence 0 all 0; ρ_seq = 1.375 kept → 1.375 on every token. Zeroed: 3 of 6.
    assertWeights(Fixtures.create(new RatioMaskFactory(), "level=sequence")
            .weights(Fixtures.shared(), new float[] {2f, -1f}), 3.0 / 6,
        row(0f, 0f, 0f), row(1.375f, 1.375f, 1.375f));
  }

  @Test
  void bandIsInclusive() {
    // ρ = 1 exactly (equal log-probs): kept at lo = 1 and at hi = 1.
    assertWeights(Fixtures.create(new RatioMaskFactory(), "lo=1,hi=2")
        .weights(Fixtures.ratios(new double[] {1.0, 0.9}), new float[] {1f}), 1.0 / 2, row(1f, 0f));
    assertWeights(Fixtures.create(new RatioMaskFactory(), "lo=0.5,hi=1")
        .weights(Fixtures.ratios(new double[] {1.0, 1.1}), new float[] {1f}), 1.0 / 2, row(1f, 0f));
  }
}
