package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import org.junit.jupiter.api.Test;

class PpoClipTest {
  @Test
  void clipsAgainstTheAdvantageSign() {
    // ε_low = ε_high = 0.2.
    // Sequence 0, A = +2: clipped where ρ_t > 1.2: 1.5 → 0, 0.4 → 0.4 (kept: below the band is active for A>0),
    //   4.0 → 0.
    // Sequence 1, A = −1: clipped where ρ_t < 0.8: 0.25 → 0, 1.1 → 1.1, 5.0 → 5.0 (no dual clip).
    // Zeroed: 3 of 6.
    assertWeights(Fixtures.create(new PpoClipFactory(), "").weights(Fixtures.shared(), new float[] {2f, -1f}),
        3.0 / 6, row(0f, 0.4f, 0f), row(0f, 1.1f, 5f));
  }

  @Test
  void flippedAdvantagesClipTheOtherTokens() {
    // Sequence 0, A = −2: clipped where ρ_t < 0.8: 1.5 → 1.5, 0.4 → 0, 4.0 → 4.0.
    // Sequence 1, A = +1: clipped where ρ_t > 1.2: 0.25 → 0.25, 1.1 → 1.1, 5.0 → 0. Zeroed: 2 of 6.
    assertWeights(Fixtures.create(new PpoClipFactory(), "").weights(Fixtures.shared(), new float[] {-2f, 1f}),
        2.0 / 6, row(1.5f, 0f, 4f), row(0.25f, 1.1f, 0f));
  }

  @Test
  void dualClipZeroesLargeRatiosOfNegativeAdvantages() {
    // dual_clip = 3: for A = −1 the objective max(min(ρA, clip(ρ)A), 3A) is the constant 3A once ρ > 3,
    // so 5.0 → 0 as well: (0, 1.1, 0). Sequence 0 (A = +2) is unchanged: (0, 0.4, 0). Zeroed: 4 of 6.
    assertWeights(
        Fixtures.create(new PpoClipFactory(), "dual_clip=3").weights(Fixtures.shared(), new float[] {2f, -1f}),
        4.0 / 6, row(0f, 0.4f, 0f), row(0f, 1.1f, 0f));
  }

  @Test
  void dualClipDoesNotTouchPositiveAdvantages() {
    // A = +1, ρ = (0.5, 1.1): neither exceeds 1 + 0.2, and the dual clip applies to A < 0 only: (0.5, 1.1).
    assertWeights(Fixtures.create(new PpoClipFactory(), "dual_clip=1.05")
        .weights(Fixtures.ratios(new double[] {0.5, 1.1}), new float[] {1f}), 0.0, row(0.5f, 1.1f));
  }

  @Test
  void clipHigherAndZeroAdvantage() {
    // ε_low = 0.2, ε_high = 0.28 (DAPO). Sequence 0, A = +1, ρ = (1.25, 1.3): 1.25 ≤ 1.28 kept, 1.3 > 1.28 → 0.
    // Sequence 1, A = −1, ρ = (0.79, 0.81): 0.79 < 0.8 → 0, 0.81 kept.
    // Sequence 2, A = 0, ρ = (9, 0.1): never clipped, w = ρ. Zeroed: 2 of 6.
    assertWeights(Fixtures.create(new PpoClipFactory(), "eps_low=0.2,eps_high=0.28").weights(
        Fixtures.ratios(new double[] {1.25, 1.3}, new double[] {0.79, 0.81}, new double[] {9, 0.1}),
        new float[] {1f, -1f, 0f}), 2.0 / 6, row(1.25f, 0f), row(0f, 0.81f), row(9f, 0.1f));
    // With the symmetric default, 1.25 > 1.2 is clipped too: 3 of 6.
    assertWeights(Fixtures.create(new PpoClipFactory(), "").weights(
        Fixtures.ratios(new double[] {1.25, 1.3}, new double[] {0.79, 0.81}, new double[] {9, 0.1}),
        new float[] {1f, -1f, 0f}), 3.0 / 6, row(0f, 0f), row(0f, 0.81f), row(9f, 0.1f));
  }
}
