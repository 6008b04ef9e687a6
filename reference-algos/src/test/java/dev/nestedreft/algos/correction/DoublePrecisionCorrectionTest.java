package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every correction inherits: the shape checks, float weights capped at {@link Float#MAX_VALUE}. */
class DoublePrecisionCorrectionTest {
  private final OffPolicyCorrection tis = Fixtures.create(new TruncatedIsFactory(), "");
  private final OffPolicyCorrection is = Fixtures.create(new SequenceIsFactory(), "");

  @Test
  void oneAdvantagePerSequence() {
    assertThatThrownBy(() -> tis.weights(Fixtures.shared(), new float[] {1f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("correction 'tis': 1 advantages for 2 sequences");
  }

  @Test
  void nanLogRatiosAreRefusedWithTheirPosition() {
    SequenceLogprobs tokens = SequenceLogprobs.of(List.of(new float[] {-1f, Float.NaN}), List.of(new float[] {-1f,
        -2f}));
    assertThatThrownBy(() -> tis.weights(tokens, new float[] {1f}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence 0, token 1").hasMessageContaining("NaN");
  }

  @Test
  void emptyBatchAndEmptySequences() {
    CorrectionWeights none = tis.weights(SequenceLogprobs.of(List.of(), List.of()), new float[0]);
    assertThat(none.weights()).isEmpty();
    assertThat(none.clippedFraction()).isZero();
    CorrectionWeights empty = Fixtures.create(new GeometricMeanClipFactory(), "")
        .weights(Fixtures.ratios(new double[0], new double[] {1.0}), new float[] {1f, 1f});
    assertThat(empty.weights().get(0)).isEmpty();
    assertThat(empty.weights().get(1)).containsExactly(1f);
  }

  @Test
  void exactWeightsAreTheDoublesBehindTheFloats() {
    ExactWeights exact = ((DoublePrecisionCorrection) tis).exactWeights(Fixtures.shared(), new float[] {2f, -1f});
    CorrectionWeights floats = tis.weights(Fixtures.shared(), new float[] {2f, -1f});
    for (int i = 0; i < exact.sequences(); i++) {
      for (int t = 0; t < exact.row(i).length; t++) {
        assertThat(floats.weights().get(i)[t]).isEqualTo((float) exact.weight(i, t));
      }
    }
    // min(4, 2) and min(5, 2) are the clipped tokens.
    assertThat(exact.clipped(0, 2)).isTrue();
    assertThat(exact.clipped(1, 2)).isTrue();
    assertThat(exact.clipped(0, 0)).isFalse();
    assertThat(exact.clippedFraction()).isEqualTo(floats.clippedFraction()).isEqualTo(2.0 / 6);
  }

  @Test
  void overflowingRatiosAreCappedAtFloatMaxAndCountAsClipped() {
    // With is (w_t = ρ_seq). Sequence 0: log ρ = 50 + 50 + 50 = 150, ρ_seq = e^150 ≈ 1.4e65 > Float.MAX_VALUE (3.4e38).
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
