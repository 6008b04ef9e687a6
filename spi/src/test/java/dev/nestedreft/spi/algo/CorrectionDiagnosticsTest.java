package dev.nestedreft.spi.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorrectionDiagnosticsTest {
  private static CorrectionWeights anyWeights(SequenceLogprobs logprobs) {
    return CorrectionWeights.of(logprobs.target().stream().map(row -> new float[row.length]).toList(), 0.25);
  }

  @Test
  void onPolicyEverythingIsOne() {
    SequenceLogprobs logprobs = SequenceLogprobs.of(List.of(new float[] {-1, -2}, new float[] {-3}),
        List.of(new float[] {-1, -2}, new float[] {-3}));
    CorrectionDiagnostics d = CorrectionDiagnostics.of(logprobs, anyWeights(logprobs));
    assertThat(d.ratioMean()).isEqualTo(1);
    assertThat(d.effectiveSampleSize()).isEqualTo(1);
    assertThat(d.klBehaviorTarget()).isZero();
    assertThat(d.clippedFraction()).isEqualTo(0.25);
  }

  /** Sequence ratios 2 and 0.5: ESS = (2.5)² / (4.25) / 2 = 0.735294... */
  @Test
  void effectiveSampleSizeOfTwoSequences() {
    float ln2 = (float) Math.log(2);
    SequenceLogprobs logprobs = SequenceLogprobs.of(List.of(new float[] {-1 + ln2}, new float[] {-1 - ln2}),
        List.of(new float[] {-1}, new float[] {-1}));
    assertThat(CorrectionDiagnostics.of(logprobs, anyWeights(logprobs)).effectiveSampleSize())
        .isCloseTo(2.5 * 2.5 / 4.25 / 2, within(1e-6));
  }

  /**
   * 64 tokens at log-ratio 50 is a sequence ratio of e^3200, beyond a double: the ESS stays finite (one sequence
   * carries all the weight, so it is 1/n), as does everything else.
   */
  @Test
  void sequenceLogRatiosOfThousandsKeepTheEffectiveSampleSizeFinite() {
    float[] high = new float[64];
    float[] low = new float[64];
    Arrays.fill(low, -51);
    Arrays.fill(high, -1);
    SequenceLogprobs logprobs = SequenceLogprobs.of(List.of(high, low, new float[] {-1}),
        List.of(low, high, new float[] {-1}));
    CorrectionDiagnostics d = CorrectionDiagnostics.of(logprobs, anyWeights(logprobs));
    assertThat(d.effectiveSampleSize()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(List.of(d.ratioMean(), d.ratioMin(), d.ratioMax(), d.klBehaviorTarget())).allMatch(Double::isFinite);
  }
}
