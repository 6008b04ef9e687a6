package dev.nestedreft.algos.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoublePrecisionCorrectionTest {
  private final OffPolicyCorrection tis = Fixtures.create(new TruncatedIsFactory(), "");

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
}
