package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceIsTest {
  private final OffPolicyCorrection is = Fixtures.create(new SequenceIsFactory(), "");

  @Test
  void everyTokenGetsTheSequenceRatio() {
    // sequence 0: ρ_seq = 1.5 · 0.4 · 4.0 = 2.4 on each token; sequence 1: 0.25 · 1.1 · 5.0 = 1.375.
    // The advantages' signs do not matter; nothing is clipped.
    assertWeights(is.weights(Fixtures.shared(), new float[] {2f, -1f}), 0.0,
        row(2.4f, 2.4f, 2.4f), row(1.375f, 1.375f, 1.375f));
  }

  @Test
  void aTwoTokenSequence() {
    // ρ = (2, 0.25): ρ_seq = 0.5 for both tokens; ρ = (0.5, 0.5): 0.25.
    assertWeights(is.weights(Fixtures.ratios(new double[] {2, 0.25}, new double[] {0.5, 0.5}), new float[] {1, 1}),
        0.0, row(0.5f, 0.5f), row(0.25f, 0.25f));
  }

  @Test
  void overflowingRatiosAreCappedAtFloatMaxAndCountAsClipped() {
    // Sequence 0: log ρ = 50 + 50 + 50 = 150, ρ_seq = e^150 ≈ 1.4e65 > Float.MAX_VALUE (3.4e38).
    // Sequence 1: log ρ = 0 − (−800) = 800: e^800 overflows even a double (+∞).
    // Sequence 2: ρ = 1. Clipped: the 3 + 1 capped tokens of 5.
    SequenceLogprobs tokens = SequenceLogprobs.of(
        List.of(new float[] {0f, 0f, 0f}, new float[] {0f}, new float[] {-1f}),
        List.of(new float[] {-50f, -50f, -50f}, new float[] {-800f}, new float[] {-1f}));
    CorrectionWeights weights = is.weights(tokens, new float[] {1, 1, 1});
    assertWeights(weights, 4.0 / 5, row(Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE), row(Float.MAX_VALUE),
        row(1f));
    ExactWeights exact = ((DoublePrecisionCorrection) is).exactWeights(tokens, new float[] {1, 1, 1});
    assertThat(exact.weight(0, 0)).isCloseTo(Math.exp(150), withinPercentage(1e-9));
    assertThat(exact.weight(1, 0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(exact.clippedFraction()).isZero();
  }
}
