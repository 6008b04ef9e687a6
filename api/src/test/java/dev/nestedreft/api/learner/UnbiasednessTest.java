package dev.nestedreft.api.learner;

import static dev.nestedreft.tck.support.TrainInputs.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.model.ModelType;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Invariant 3, by exact enumeration on our own code: on a micro model with a 4-token vocabulary, every completion
 * of 3 tokens is enumerated. The expected policy gradient under the nested behavior q, corrected by {@code is},
 * equals the on-policy gradient of the full model:
 * {@code Σ_y q(y) w(y) A(y) ∇log π(y) = Σ_y π(y) A(y) ∇log π(y)}, with π and q the learner's and the behavior
 * plan's exact sequence probabilities and the gradients computed by the TF learner.
 */
@Tag("native")
class UnbiasednessTest {
  private static final int VOCAB = 4;
  private static final int LENGTH = 3;

  @Test
  void importanceWeightedNestedGradientEqualsTheOnPolicyGradient() {
    ModelSpec spec = ModelSpec.builder().modelType(ModelType.LLAMA).vocabSize(VOCAB).hiddenSize(16)
        .intermediateSize(24).numHiddenLayers(3).numAttentionHeads(2).numKeyValueHeads(1)
        .maxPositionEmbeddings(16).tieWordEmbeddings(false).build();
    LayerPlan nested = LayerPlan.skipping(3, 1);
    int[] prompt = {1, 2};
    List<TrainSequence> all = new ArrayList<>();
    for (int code = 0; code < (int) Math.pow(VOCAB, LENGTH); code++) {
      int[] completion = new int[LENGTH];
      for (int t = 0, c = code; t < LENGTH; t++, c /= VOCAB) {
        completion[t] = c % VOCAB;
      }
      all.add(new TrainSequence(prompt, completion));
    }
    Backends backends = Backends.discover();
    Algorithms algorithms = Algorithms.discover();
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = initialize(spec, allocator);
        LearnerBackend learner = backends.openLearner("tf", spec, weights, LearnerConfig.DEFAULT.withMicroBatch(64),
            BackendOptions.DEFAULT);
        ForwardBackend behaviorModel = backends.open("tf", spec, weights, BackendOptions.DEFAULT)) {
      double temperature = 1.0;
      List<float[]> target = learner.completionLogprobs(all, temperature);
      List<float[]> behavior = new ArrayList<>();
      double piTotal = 0;
      double qTotal = 0;
      double[] advantage = new double[all.size()];
      for (int i = 0; i < all.size(); i++) {
        int[] tokens = concat(prompt, all.get(i).completion());
        float[] lp = behaviorModel.logits(TokenBatch.of(tokens), nested).nextTokenLogprobs(TokenBatch.of(tokens))[0];
        behavior.add(Arrays.copyOfRange(lp, prompt.length - 1, lp.length));
        piTotal += Math.exp(sum(target.get(i)));
        qTotal += Math.exp(sum(behavior.get(i)));
        // A verifiable-looking reward: 1 when the completion contains token 3, minus a constant baseline.
        advantage[i] = (contains(all.get(i).completion(), 3) ? 1.0 : 0.0) - 0.4;
      }
      assertThat(piTotal).isCloseTo(1.0, within(1e-5));
      assertThat(qTotal).isCloseTo(1.0, within(1e-5));

      float[] onPolicy = expectedGradient(learner, all, target, null, advantage, temperature);
      SequenceLogprobs logprobs = SequenceLogprobs.of(target, behavior);
      StringBuilder table = new StringBuilder("relative error of the expected nested gradient vs on-policy:\n");
      double isError = Double.NaN;
      for (String name : List.of("is", "none", "token-is", "tis")) {
        OffPolicyCorrection correction = algorithms.correction(name);
        float[] advantages = new float[advantage.length];
        for (int i = 0; i < advantages.length; i++) {
          advantages[i] = (float) advantage[i];
        }
        CorrectionWeights w = correction.weights(logprobs, advantages);
        float[] corrected = expectedGradient(learner, all, behavior, w.weights(), advantage, temperature);
        double error = relativeError(corrected, onPolicy);
        table.append(String.format("  %-9s %.3e%n", name, error));
        if (name.equals("is")) {
          isError = error;
        } else if (name.equals("none")) {
          assertThat(error).as("the naive estimator is biased").isGreaterThan(1e-2);
        }
      }
      System.out.print(table);
      assertThat(isError).as(table.toString()).isLessThanOrEqualTo(1e-5);
    }
  }

  /**
   * {@code Σ_y p(y) Σ_t w_t A(y) ∇log π(y_t)} (negated by the learner's loss convention), where {@code p} is the
   * sampling distribution given by {@code sampling} log-probs, computed exactly by weighting every sequence's
   * loss coefficient by its probability.
   */
  private static float[] expectedGradient(LearnerBackend learner, List<TrainSequence> all, List<float[]> sampling,
      List<float[]> weights, double[] advantage, double temperature) {
    List<float[]> coefficients = new ArrayList<>();
    List<float[]> aggregation = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      double p = Math.exp(sum(sampling.get(i)));
      float[] c = new float[LENGTH];
      float[] a = new float[LENGTH];
      for (int t = 0; t < LENGTH; t++) {
        double w = weights == null ? 1.0 : weights.get(i)[t];
        c[t] = (float) (p * w * advantage[i]);
        a[t] = 1f;
      }
      coefficients.add(c);
      aggregation.add(a);
    }
    return learner.gradient(TrainBatch.of(all, coefficients, aggregation, temperature)).values();
  }

  private static double relativeError(float[] a, float[] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += Math.pow((double) a[i] - b[i], 2);
      norm += Math.pow(b[i], 2);
    }
    assertThat(norm).isPositive();
    return Math.sqrt(diff / norm);
  }

  private static double sum(float[] values) {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  private static boolean contains(int[] tokens, int token) {
    for (int t : tokens) {
      if (t == token) {
        return true;
      }
    }
    return false;
  }

  /** Larger-than-HF initialisation so that skipping a layer changes the distribution noticeably. */
  private static WeightSet initialize(ModelSpec spec, BufferAllocator allocator) {
    WeightSet base = WeightInitializer.initialize(spec, 17, allocator, true);
    try {
      for (String name : List.copyOf(base.names())) {
        if (name.endsWith(".weight") && !name.contains("norm")) {
          float[] values = base.toArray(name);
          for (int i = 0; i < values.length; i++) {
            values[i] *= 25f;
          }
          base.put(name, base.shape(name), values);
        }
      }
      return base;
    } catch (RuntimeException e) {
      base.close();
      throw e;
    }
  }
}
