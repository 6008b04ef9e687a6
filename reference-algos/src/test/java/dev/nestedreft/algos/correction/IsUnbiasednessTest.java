package dev.nestedreft.algos.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An exact check, by enumeration, that {@code is} weights make the behavior's expected gradient estimate equal the
 * target's policy gradient, and that {@code none} and {@code token-is} do not.
 *
 * <p>Sequences {@code y = (y1, y2)} over the vocabulary {0, 1, 2}: 9 sequences. The target π and the behavior q
 * are explicit tables. The estimator of one sequence is {@code Σ_t w_t(y) A(y) g_t(y)}, where {@code g_t} stands
 * for {@code ∇ log π(y_t | y_<t)}: any vector-valued function of (prefix, token), here arbitrary numbers in ℝ².
 * The identity checked is {@code Σ_y q(y) Σ_t w_t(y) A(y) g_t(y) = Σ_y π(y) A(y) Σ_t g_t(y)}.
 *
 * <p>The corrections see float log-probs, so the distributions that enter the sums are the ones those floats
 * encode, {@code π(y) = exp(lπ1 + lπ2)} with {@code lπ = (float) ln p}; they differ from the tables by ~1e-8 and
 * still sum to 1 within 1e-6. The weights are the corrections' double-precision ones
 * ({@link DoublePrecisionCorrection#exactWeights}); the float weights agree with them to float precision.
 */
class IsUnbiasednessTest {
  private static final double[] TARGET_1 = {0.5, 0.3, 0.2};
  private static final double[][] TARGET_2 = {{0.6, 0.3, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.1, 0.8}};
  private static final double[] BEHAVIOR_1 = {0.2, 0.5, 0.3};
  private static final double[][] BEHAVIOR_2 = {{0.3, 0.3, 0.4}, {0.4, 0.4, 0.2}, {0.3, 0.5, 0.2}};
  /** A(y1, y2), exact in float. */
  private static final double[][] ADVANTAGE = {{1.0, -0.5, 0.25}, {-1.0, 2.0, 0.0}, {0.5, -1.5, 1.0}};
  /** g_1(y1). */
  private static final double[][] SCORE_1 = {{0.3, -1.2}, {1.1, 0.4}, {-0.7, 0.9}};
  /** g_2(y1, y2). */
  private static final double[][][] SCORE_2 = {
      {{0.5, 0.2}, {-0.3, 1.4}, {0.8, -0.6}},
      {{-1.1, 0.1}, {0.6, 0.7}, {0.2, -0.9}},
      {{1.3, -0.4}, {-0.5, 0.3}, {0.05, 1.2}}};

  private static float log(double p) {
    return (float) Math.log(p);
  }

  /** The 9 sequences, in order y = 3·y1 + y2, as one batch. */
  private static SequenceLogprobs allSequences() {
    List<float[]> target = new ArrayList<>();
    List<float[]> behavior = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        target.add(new float[] {log(TARGET_1[a]), log(TARGET_2[a][b])});
        behavior.add(new float[] {log(BEHAVIOR_1[a]), log(BEHAVIOR_2[a][b])});
      }
    }
    return SequenceLogprobs.of(target, behavior);
  }

  private static float[] advantages() {
    float[] out = new float[9];
    for (int y = 0; y < 9; y++) {
      out[y] = (float) ADVANTAGE[y / 3][y % 3];
    }
    return out;
  }

  /** The probability of sequence y that its float log-probs encode. */
  private static double probability(float[] logprobs) {
    return Math.exp((double) logprobs[0] + logprobs[1]);
  }

  private static double[] score(int y, int t) {
    return t == 0 ? SCORE_1[y / 3] : SCORE_2[y / 3][y % 3];
  }

  /** Σ_y π(y) A(y) Σ_t g_t(y): the target's policy gradient. */
  private static double[] targetGradient(SequenceLogprobs tokens) {
    double[] out = new double[2];
    for (int y = 0; y < 9; y++) {
      double p = probability(tokens.target().get(y));
      for (int t = 0; t < 2; t++) {
        for (int d = 0; d < 2; d++) {
          out[d] += p * ADVANTAGE[y / 3][y % 3] * score(y, t)[d];
        }
      }
    }
    return out;
  }

  /** Σ_y q(y) Σ_t w_t(y) A(y) g_t(y): the expected estimate under the behavior. */
  private static double[] expectedEstimate(SequenceLogprobs tokens, WeightFn weights) {
    double[] out = new double[2];
    for (int y = 0; y < 9; y++) {
      double q = probability(tokens.behavior().get(y));
      for (int t = 0; t < 2; t++) {
        for (int d = 0; d < 2; d++) {
          out[d] += q * weights.at(y, t) * ADVANTAGE[y / 3][y % 3] * score(y, t)[d];
        }
      }
    }
    return out;
  }

  private interface WeightFn {
    double at(int sequence, int token);
  }

  private static double[] expectedEstimate(DoublePrecisionCorrection correction) {
    SequenceLogprobs tokens = allSequences();
    ExactWeights weights = correction.exactWeights(tokens, advantages());
    return expectedEstimate(tokens, weights::weight);
  }

  private static DoublePrecisionCorrection create(OffPolicyCorrectionFactory factory) {
    return (DoublePrecisionCorrection) Fixtures.create(factory, "");
  }

  @Test
  void theTablesAreDistributions() {
    SequenceLogprobs tokens = allSequences();
    double target = 0;
    double behavior = 0;
    for (int y = 0; y < 9; y++) {
      target += probability(tokens.target().get(y));
      behavior += probability(tokens.behavior().get(y));
    }
    assertThat(target).isCloseTo(1.0, within(1e-6));
    assertThat(behavior).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void sequenceIsIsUnbiasedExactly() {
    double[] truth = targetGradient(allSequences());
    double[] estimate = expectedEstimate(create(new SequenceIsFactory()));
    assertThat(estimate[0]).isCloseTo(truth[0], within(1e-12));
    assertThat(estimate[1]).isCloseTo(truth[1], within(1e-12));
    // The gradient is not trivially zero.
    assertThat(Math.abs(truth[0]) + Math.abs(truth[1])).isGreaterThan(0.1);
  }

  @Test
  void floatWeightsOfIsAreUnbiasedToFloatPrecision() {
    SequenceLogprobs tokens = allSequences();
    CorrectionWeights floats = Fixtures.create(new SequenceIsFactory(), "").weights(tokens, advantages());
    double[] truth = targetGradient(tokens);
    double[] estimate = expectedEstimate(tokens, (y, t) -> floats.weights().get(y)[t]);
    assertThat(estimate[0]).isCloseTo(truth[0], within(1e-6));
    assertThat(estimate[1]).isCloseTo(truth[1], within(1e-6));
  }

  @Test
  void noCorrectionAndTokenRatiosAreBiased() {
    double[] truth = targetGradient(allSequences());
    for (DoublePrecisionCorrection biased : List.of(create(new NoCorrectionFactory()),
        create(new TokenIsFactory()))) {
      double[] estimate = expectedEstimate(biased);
      double gap = Math.max(Math.abs(estimate[0] - truth[0]), Math.abs(estimate[1] - truth[1]));
      assertThat(gap).as("bias of %s", biased.name()).isGreaterThan(1e-3);
    }
  }
}
