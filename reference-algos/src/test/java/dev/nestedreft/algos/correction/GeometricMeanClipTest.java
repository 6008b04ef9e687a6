package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import org.junit.jupiter.api.Test;

class GeometricMeanClipTest {
  @Test
  void wideBand() {
    // eps_low = eps_high = 0.5: band [0.5, 1.5].
    // Sequence 0, A = +2: s = 2.4^(1/3) = 1.338866 (1.338866³ = 2.4000); 1.3389 ≤ 1.5, kept on every token.
    // Sequence 1, A = −1: s = 1.375^(1/3) = 1.111990 (1.111990³ = 1.3750); ≥ 0.5, kept.
    assertWeights(Fixtures.create(new GeometricMeanClipFactory(), "eps_low=0.5,eps_high=0.5")
            .weights(Fixtures.shared(), new float[] {2f, -1f}), 0.0,
        row(1.338866f, 1.338866f, 1.338866f), row(1.111990f, 1.111990f, 1.111990f));
  }

  @Test
  void gspoDefaultsOnTheSharedCase() {
    // Band [1 − 3e-4, 1 + 4e-4]. Sequence 0, A = +2: s = 1.338866 > 1.0004 → 0 on all 3 tokens.
    // Sequence 1, A = −1: s = 1.111990 ≥ 0.9997 (the low side is the one active for A < 0) → kept.
    assertWeights(Fixtures.create(new GeometricMeanClipFactory(), "")
            .weights(Fixtures.shared(), new float[] {2f, -1f}), 3.0 / 6,
        row(0f, 0f, 0f), row(1.111990f, 1.111990f, 1.111990f));
  }

  @Test
  void gspoDefaultsNearOne() {
    // Sequence 0, A = +1, ρ = (1.0002, 1.0004): s = sqrt(1.00060008) = 1.00030 ≤ 1.0004 → kept.
    // Sequence 1, A = +1, ρ = (1.001, 1.0): s = sqrt(1.001) = 1.0005 > 1.0004 → 0.
    // Sequence 2, A = −1, ρ = (0.999, 0.9996): s = sqrt(0.9986004) = 0.9993 < 0.9997 → 0.
    // Sequence 3, A = −1, ρ = (0.9999, 0.9999): s = 0.9999 ≥ 0.9997 → kept. Zeroed: 4 of 8 tokens.
    assertWeights(Fixtures.create(new GeometricMeanClipFactory(), "").weights(Fixtures.ratios(
            new double[] {1.0002, 1.0004}, new double[] {1.001, 1.0}, new double[] {0.999, 0.9996},
            new double[] {0.9999, 0.9999}), new float[] {1f, 1f, -1f, -1f}), 4.0 / 8,
        row(1.0003f, 1.0003f), row(0f, 0f), row(0f, 0f), row(0.9999f, 0.9999f));
  }
}
