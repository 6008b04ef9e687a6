package dev.nestedreft.algos.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.List;

/** Log-probs with chosen ratios, and assertions on weights. */
final class Fixtures {
  private Fixtures() {}

  /** Every behavior log-prob is −3 (exact in float); the target's is {@code −3 + ln ρ}, rounded to float. */
  static final float BEHAVIOR_LOGPROB = -3f;

  /**
   * The shared case, two sequences of three tokens:
   * sequence 0: ρ = (1.5, 0.4, 4.0), ρ_seq = 1.5 · 0.4 · 4 = 2.4;
   * sequence 1: ρ = (0.25, 1.1, 5.0), ρ_seq = 0.25 · 1.1 · 5 = 1.375.
   */
  static SequenceLogprobs shared() {
    return ratios(new double[] {1.5, 0.4, 4.0}, new double[] {0.25, 1.1, 5.0});
  }

  /** Sequences with the given token ratios. */
  static SequenceLogprobs ratios(double[]... rows) {
    List<float[]> target = new ArrayList<>();
    List<float[]> behavior = new ArrayList<>();
    for (double[] row : rows) {
      float[] t = new float[row.length];
      float[] b = new float[row.length];
      for (int i = 0; i < row.length; i++) {
        b[i] = BEHAVIOR_LOGPROB;
        t[i] = (float) (BEHAVIOR_LOGPROB + Math.log(row[i]));
      }
      target.add(t);
      behavior.add(b);
    }
    return SequenceLogprobs.of(target, behavior);
  }

  static OffPolicyCorrection create(OffPolicyCorrectionFactory factory, String params) {
    return factory.create(Params.parse("correction '" + factory.name() + "'", params));
  }

  /** Weights equal to {@code rows} within 1e-5 (float log-probs carry ~1e-7 relative error), and the fraction. */
  static void assertWeights(CorrectionWeights weights, double clippedFraction, float[]... rows) {
    assertThat(weights.weights()).hasSameSizeAs(rows);
    for (int i = 0; i < rows.length; i++) {
      assertThat(weights.weights().get(i)).as("sequence %d", i).containsExactly(rows[i], within(1e-5f));
    }
    assertThat(weights.clippedFraction()).as("clippedFraction").isCloseTo(clippedFraction, within(1e-12));
  }

  static float[] row(float... values) {
    return values;
  }
}
