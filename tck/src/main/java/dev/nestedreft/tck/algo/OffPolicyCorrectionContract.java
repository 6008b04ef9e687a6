package dev.nestedreft.tck.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.CorrectionDiagnostics;
import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link OffPolicyCorrection}: what the policy-gradient step relies on when it multiplies each
 * weight by the sequence's advantage and hands the product to the learner. One row of weights per sequence and one
 * weight per token; every weight finite (and, by default, not negative) for token log-ratios up to
 * ±{@value #EXTREME_LOG_RATIO}, however long the sequence; a clipped fraction in [0, 1]; the step's diagnostics
 * ({@link CorrectionDiagnostics}) finite; the documented weight on on-policy data (target = behavior, every
 * {@code ρ_t = 1}), whatever the advantage; the same weights for the same input; and inputs left as they were.
 *
 * <p>Extend it with the implementation under test:
 *
 * <pre>{@code
 * class MyCorrectionTest extends OffPolicyCorrectionContract {
 *   protected OffPolicyCorrection correction() { return new MyCorrection(0.5); }
 *   protected double onPolicyWeight() { return 0.5; }   // only where the documented weight at ρ = 1 is not 1
 * }
 * }</pre>
 *
 * <p>To opt out of one check, override its method without {@code @Test} and say why in its javadoc.
 */
public abstract class OffPolicyCorrectionContract {
  /** The largest token log-ratio {@code |log π_target − log π_behavior|} fed to the finiteness checks. */
  public static final double EXTREME_LOG_RATIO = 50;

  /** The correction under test; called once or more per test. */
  protected abstract OffPolicyCorrection correction();

  /**
   * The weight of every token when the target and behavior log-probs are equal, whatever the advantage: 1 by
   * default (an importance weight of 1, unclipped). Override where the documentation says otherwise, e.g.
   * {@code λ} for Retrace.
   */
  protected double onPolicyWeight() {
    return 1.0;
  }

  /** The clipped fraction on on-policy data: 0 by default (nothing is clipped at {@code ρ = 1}). */
  protected double onPolicyClippedFraction() {
    return 0.0;
  }

  /**
   * Whether every weight is at least 0, as an importance weight and its truncated, clipped or masked variants
   * are (a negative weight would flip the sign of the advantage); true by default.
   */
  protected boolean nonNegativeWeights() {
    return true;
  }

  @Test
  void hasAName() {
    assertThat(correction().name()).isNotBlank();
  }

  /** Target = behavior, at log-probs from −12 to 0, for sequences of 1 to 40 tokens and advantages of any sign. */
  @Test
  void onPolicyDataGetsTheDocumentedWeight() {
    SplittableRandom random = new SplittableRandom(1);
    for (int trial = 0; trial < 20; trial++) {
      int sequences = 1 + random.nextInt(8);
      List<float[]> target = new ArrayList<>();
      for (int i = 0; i < sequences; i++) {
        float[] row = new float[1 + random.nextInt(40)];
        for (int t = 0; t < row.length; t++) {
          row[t] = (float) (-12 * random.nextDouble());
        }
        target.add(row);
      }
      List<float[]> behavior = new ArrayList<>();
      target.forEach(row -> behavior.add(row.clone()));
      float[] advantages = advantages(random, sequences);
      CorrectionWeights weights = correction().weights(SequenceLogprobs.of(target, behavior), advantages);
      assertShapes(weights, target);
      for (int i = 0; i < sequences; i++) {
        float[] row = weights.weights().get(i);
        for (int t = 0; t < row.length; t++) {
          assertThat((double) row[t]).as("on-policy weight of sequence %d, token %d (advantage %s)", i, t,
              advantages[i]).isCloseTo(onPolicyWeight(), within(1e-6 * Math.max(1, Math.abs(onPolicyWeight()))));
        }
      }
      assertThat(weights.clippedFraction()).as("clipped fraction on-policy")
          .isCloseTo(onPolicyClippedFraction(), within(1e-9));
    }
  }

  /** Random off-policy batches: log-ratios within ±3, sequences of 1 to 64 tokens. */
  @Test
  void weightsHaveTheShapeOfTheLogprobsAndAreFinite() {
    SplittableRandom random = new SplittableRandom(2);
    for (int trial = 0; trial < 20; trial++) {
      SequenceLogprobs logprobs = randomLogprobs(random, 1 + random.nextInt(12), 64, 3);
      assertSound(logprobs, advantages(random, logprobs.sequences()), "random log-ratios within ±3");
    }
  }

  /**
   * Token log-ratios of ±{@value #EXTREME_LOG_RATIO}, all of one sign, alternating, or random, over sequences of up
   * to 256 tokens (a sequence log-ratio of ±12,800): weights and diagnostics stay finite.
   */
  @Test
  void everyWeightAndDiagnosticIsFiniteForLogRatiosUpToFifty() {
    SplittableRandom random = new SplittableRandom(3);
    int[] lengths = {1, 2, 7, 15, 64, 256};
    double[] patterns = {EXTREME_LOG_RATIO, -EXTREME_LOG_RATIO, Double.NaN, 0};
    for (double pattern : patterns) {
      List<float[]> target = new ArrayList<>();
      List<float[]> behavior = new ArrayList<>();
      for (int length : lengths) {
        float[] t = new float[length];
        float[] b = new float[length];
        for (int k = 0; k < length; k++) {
          double logRatio;
          if (Double.isNaN(pattern)) {
            logRatio = k % 2 == 0 ? EXTREME_LOG_RATIO : -EXTREME_LOG_RATIO;
          } else if (pattern == 0) {
            logRatio = EXTREME_LOG_RATIO * (2 * random.nextDouble() - 1);
          } else {
            logRatio = pattern;
          }
          // Both log-probs stay in [-60, 0], as real ones of a vocabulary of a few hundred thousand tokens would.
          t[k] = (float) (logRatio >= 0 ? -5 : -5 + logRatio);
          b[k] = (float) (logRatio >= 0 ? -5 - logRatio : -5);
        }
        target.add(t);
        behavior.add(b);
      }
      SequenceLogprobs logprobs = SequenceLogprobs.of(target, behavior);
      for (float[] advantages : List.of(new float[] {1, -1, 0, 2.5f, -0.25f, 1e-3f},
          new float[] {-1, 1, -1, 1, -1, 1}, advantages(random, lengths.length))) {
        assertSound(logprobs, advantages, Double.isNaN(pattern) ? "alternating ±50" : pattern == 0
            ? "random within ±50" : "log-ratio " + pattern + " on every token");
      }
    }
  }

  /** The same input twice gives the same weights, and the log-probs and advantages are left as they were. */
  @Test
  void isDeterministicAndLeavesItsInputsAlone() {
    SplittableRandom random = new SplittableRandom(4);
    SequenceLogprobs logprobs = randomLogprobs(random, 6, 20, 2);
    float[] advantages = advantages(random, logprobs.sequences());
    List<float[]> targetCopy = new ArrayList<>();
    List<float[]> behaviorCopy = new ArrayList<>();
    logprobs.target().forEach(row -> targetCopy.add(row.clone()));
    logprobs.behavior().forEach(row -> behaviorCopy.add(row.clone()));
    float[] advantagesCopy = advantages.clone();
    CorrectionWeights first = correction().weights(logprobs, advantages);
    CorrectionWeights second = correction().weights(logprobs, advantages);
    for (int i = 0; i < logprobs.sequences(); i++) {
      assertThat(second.weights().get(i)).as("sequence %d", i).isEqualTo(first.weights().get(i));
      assertThat(logprobs.target().get(i)).as("target log-probs of sequence %d", i).isEqualTo(targetCopy.get(i));
      assertThat(logprobs.behavior().get(i)).as("behavior log-probs of sequence %d", i)
          .isEqualTo(behaviorCopy.get(i));
    }
    assertThat(second.clippedFraction()).isEqualTo(first.clippedFraction());
    assertThat(advantages).as("advantages").isEqualTo(advantagesCopy);
  }

  /** Shapes, finite (and by default non-negative) weights, a clipped fraction in [0, 1], finite diagnostics. */
  private void assertSound(SequenceLogprobs logprobs, float[] advantages, String what) {
    CorrectionWeights weights = correction().weights(logprobs, advantages);
    assertShapes(weights, logprobs.target());
    for (int i = 0; i < logprobs.sequences(); i++) {
      float[] row = weights.weights().get(i);
      for (int t = 0; t < row.length; t++) {
        assertThat(row[t]).as("%s: weight of sequence %d (%d tokens), token %d, advantage %s", what, i, row.length,
            t, advantages[i]).isFinite();
        if (nonNegativeWeights()) {
          assertThat(row[t]).as("%s: weight of sequence %d, token %d", what, i, t).isGreaterThanOrEqualTo(0f);
        }
      }
    }
    assertThat(weights.clippedFraction()).as("%s: clipped fraction", what).isBetween(0.0, 1.0);
    CorrectionDiagnostics diagnostics = CorrectionDiagnostics.of(logprobs, weights);
    assertThat(List.of(diagnostics.ratioMean(), diagnostics.ratioMin(), diagnostics.ratioMax(),
        diagnostics.effectiveSampleSize(), diagnostics.klBehaviorTarget(), diagnostics.clippedFraction()))
        .as("%s: diagnostics %s", what, diagnostics).allMatch(Double::isFinite);
  }

  private static void assertShapes(CorrectionWeights weights, List<float[]> logprobs) {
    assertThat(weights.weights()).as("one row of weights per sequence").hasSize(logprobs.size());
    for (int i = 0; i < logprobs.size(); i++) {
      assertThat(weights.weights().get(i)).as("weights of sequence %d", i).hasSameSizeAs(logprobs.get(i));
    }
  }

  /** Sequences of 1 to {@code maxLength} tokens, behavior log-probs in [-10, 0], log-ratios within ±{@code spread}. */
  private static SequenceLogprobs randomLogprobs(SplittableRandom random, int sequences, int maxLength,
      double spread) {
    List<float[]> target = new ArrayList<>();
    List<float[]> behavior = new ArrayList<>();
    for (int i = 0; i < sequences; i++) {
      int length = 1 + random.nextInt(maxLength);
      float[] t = new float[length];
      float[] b = new float[length];
      for (int k = 0; k < length; k++) {
        b[k] = (float) (-10 * random.nextDouble());
        t[k] = (float) Math.min(0, b[k] + spread * (2 * random.nextDouble() - 1));
      }
      target.add(t);
      behavior.add(b);
    }
    return SequenceLogprobs.of(target, behavior);
  }

  /** Advantages of both signs, zero and tiny ones included. */
  private static float[] advantages(SplittableRandom random, int count) {
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = switch (random.nextInt(5)) {
        case 0 -> 0f;
        case 1 -> (float) (1e-4 * (random.nextBoolean() ? 1 : -1));
        default -> (float) (4 * random.nextDouble() - 2);
      };
    }
    return out;
  }
}
