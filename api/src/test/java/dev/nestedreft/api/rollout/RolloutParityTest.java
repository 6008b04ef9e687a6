package dev.nestedreft.api.rollout;

import static dev.nestedreft.tck.support.RolloutInputs.prompts;
import static dev.nestedreft.tck.support.RolloutInputs.readAndClose;
import static dev.nestedreft.tck.support.TrainInputs.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.FinishReason;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.RolloutSchema;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 2: the rollout engine's tokens and behavior log-probs are those of the TensorFlow learner's model
 * under the same plan and temperature. Prompts have different lengths, so padding is exercised throughout. The
 * engine's checks that need no second backend are {@code OrtRolloutEngineTest} in onnx-rollout.
 */
@Tag("native")
class RolloutParityTest extends ArrowLeakCheck {
  private static final Backends BACKENDS = Backends.discover();
  private static final BackendOptions OPTIONS = BackendOptions.DEFAULT;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"micro", "micro-qwen2"})
  void greedyCompletionsAreTheStepByStepArgmaxOfTheLearnersLogits(String preset) {
    ModelSpec spec = ModelPresets.get(preset);
    for (LayerPlan plan : List.of(spec.fullPlan(), LayerPlan.skipping(spec.numHiddenLayers(), 1, 2))) {
      try (WeightSet weights = WeightInitializer.initialize(spec, 21, allocator, true);
          RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS);
          ForwardBackend learner = BACKENDS.open("tf", spec, weights, OPTIONS)) {
        engine.load(weights, plan, 3);
        try (RolloutBatch batch = engine.generate(prompts(), 2, SamplingParams.greedy(10))) {
          assertThat(batch.rowCount()).isEqualTo(6);
          for (int row = 0; row < batch.rowCount(); row++) {
            Completion c = batch.row(row);
            assertThat(c.completionTokens()).hasSize(10);
            assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(c.policyVersion()).isEqualTo(3);
            assertThat(c.layerPlan()).isEqualTo(plan.layers());
            int[] sequence = concat(c.promptTokens(), c.completionTokens());
            Logits logits = learner.logits(TokenBatch.of(sequence), plan);
            for (int t = 0; t < c.completionTokens().length; t++) {
              int position = c.promptTokens().length + t - 1;
              assertThat(c.completionTokens()[t]).as("row %d token %d", row, t)
                  .isEqualTo(argmax(logits, position));
            }
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "temperature {0}")
  @ValueSource(doubles = {1.0, 0.7})
  void behaviorLogprobsAreTheLearnersLogprobsUnderTheSamePlanAndTemperature(double temperature) {
    ModelSpec spec = ModelPresets.get("micro");
    LayerPlan nested = LayerPlan.skipping(spec.numHiddenLayers(), 2);
    try (WeightSet weights = WeightInitializer.initialize(spec, 5, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS);
        ForwardBackend learner = BACKENDS.open("tf", spec, weights, OPTIONS)) {
      for (LayerPlan plan : List.of(spec.fullPlan(), nested)) {
        engine.load(weights, plan);
        SamplingParams params = SamplingParams.sample(12, 99).withTemperature(temperature);
        try (RolloutBatch batch = engine.generate(prompts(), 3, params)) {
          double maxDiff = maxLogprobDiff(batch, learner, plan, temperature);
          assertThat(maxDiff).as("plan %s", plan).isLessThanOrEqualTo(1e-4);
          if (plan.isFull()) {
            // ReFT is exactly on-policy: every importance ratio pi_target / pi_behavior is 1 within 1e-4.
            double maxRatioError = 0;
            for (int row = 0; row < batch.rowCount(); row++) {
              float[] target = targetLogprobs(batch.row(row), learner, spec.fullPlan(), temperature);
              float[] behavior = batch.behaviorLogprobs(row);
              for (int t = 0; t < behavior.length; t++) {
                maxRatioError = Math.max(maxRatioError, Math.abs(Math.exp(target[t] - behavior[t]) - 1));
              }
            }
            assertThat(maxRatioError).isLessThanOrEqualTo(1e-4);
          } else {
            // The nested behavior is off-policy: the full target disagrees with it.
            double gap = 0;
            for (int row = 0; row < batch.rowCount(); row++) {
              float[] target = targetLogprobs(batch.row(row), learner, spec.fullPlan(), temperature);
              float[] behavior = batch.behaviorLogprobs(row);
              for (int t = 0; t < behavior.length; t++) {
                gap = Math.max(gap, Math.abs(target[t] - behavior[t]));
              }
            }
            assertThat(gap).isGreaterThan(1e-3);
          }
        }
      }
    }
  }

  @Test
  void stopTokensEndSequencesEarlyAndTheRestStayExact() {
    ModelSpec spec = ModelPresets.get("micro");
    // About 1/16 of the probability mass stops: many sequences end early, at different steps; some run on.
    int[] stops = {0, 16, 32, 48};
    try (WeightSet weights = WeightInitializer.initialize(spec, 8, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS);
        ForwardBackend learner = BACKENDS.open("tf", spec, weights, OPTIONS)) {
      LayerPlan plan = LayerPlan.skipping(spec.numHiddenLayers(), 1);
      engine.load(weights, plan);
      SamplingParams params = new SamplingParams(1.0, 0, 1.0, 16, stops, 4);
      try (RolloutBatch batch = engine.generate(prompts(), 6, params)) {
        int stopped = 0;
        int full = 0;
        for (int row = 0; row < batch.rowCount(); row++) {
          Completion c = batch.row(row);
          int last = c.completionTokens()[c.completionTokens().length - 1];
          if (c.finishReason() == FinishReason.STOP) {
            stopped++;
            assertThat(params.isStop(last)).isTrue();
            for (int t = 0; t + 1 < c.completionTokens().length; t++) {
              assertThat(params.isStop(c.completionTokens()[t])).isFalse();
            }
          } else {
            full++;
            assertThat(c.completionTokens()).hasSize(16);
          }
        }
        assertThat(stopped).isGreaterThan(batch.rowCount() / 4);
        assertThat(full).isPositive();
        assertThat(engine.lastStats().compactionNanos()).isPositive(); // finished rows were dropped
        assertThat(maxLogprobDiff(batch, learner, plan, 1.0)).isLessThanOrEqualTo(1e-4);
      }
    }
  }

  @Test
  void truncatedSamplingRecordsTheRenormalisedDistribution() {
    ModelSpec spec = ModelPresets.get("micro");
    LayerPlan plan = spec.fullPlan();
    try (WeightSet weights = WeightInitializer.initialize(spec, 6, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS);
        ForwardBackend learner = BACKENDS.open("tf", spec, weights, OPTIONS)) {
      engine.load(weights, plan);
      for (SamplingParams params : List.of(SamplingParams.sample(8, 3).withTopK(5),
          SamplingParams.sample(8, 3).withTopP(0.6).withTemperature(0.8))) {
        try (RolloutBatch batch = engine.generate(prompts(), 2, params)) {
          assertThat(batch.metadata()).containsEntry(RolloutSchema.META_TRUNCATED_SAMPLING, "true");
          for (int row = 0; row < batch.rowCount(); row++) {
            Completion c = batch.row(row);
            Logits logits = learner.logits(TokenBatch.of(concat(c.promptTokens(), c.completionTokens())), plan);
            for (int t = 0; t < c.completionTokens().length; t++) {
              int position = c.promptTokens().length + t - 1;
              double expected = truncatedLogprob(logits, position, c.completionTokens()[t], params);
              assertThat((double) c.behaviorLogprobs()[t]).isCloseTo(expected, within(1e-4));
            }
          }
        }
      }
    }
  }

  @Test
  void aWeightRefreshTakesEffect() {
    ModelSpec spec = ModelPresets.get("micro");
    LayerPlan plan = LayerPlan.skipping(spec.numHiddenLayers(), 3);
    try (WeightSet first = WeightInitializer.initialize(spec, 1, allocator, true);
        WeightSet second = WeightInitializer.initialize(spec, 2, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS);
        ForwardBackend learner = BACKENDS.open("tf", spec, second, OPTIONS)) {
      SamplingParams params = SamplingParams.sample(8, 17);
      engine.load(first, plan);
      Map<String, Completion> before = readAndClose(engine.generate(prompts(), 2, params));
      engine.load(second, LayerPlan.skipping(spec.numHiddenLayers(), 0)); // same size: the session is reused
      engine.load(second, plan);
      assertThat(engine.policyVersion()).isEqualTo(2);
      assertThat(engine.lastLoadNanos()).isPositive();
      try (RolloutBatch after = engine.generate(prompts(), 2, params)) {
        // Same seed, new weights: the behavior log-probs are the new model's, not the old one's.
        assertThat(after.behaviorLogprobs(0)).isNotEqualTo(before.get("11/0").behaviorLogprobs());
        assertThat(maxLogprobDiff(after, learner, plan, 1.0)).isLessThanOrEqualTo(1e-4);
        assertThat(after.policyVersion(0)).isEqualTo(2);
      }
    }
  }

  // ---- helpers ----

  static int argmax(Logits logits, int position) {
    int best = 0;
    for (int v = 1; v < logits.vocab(); v++) {
      if (logits.at(0, position, v) > logits.at(0, position, best)) {
        best = v;
      }
    }
    return best;
  }

  /** The learner's log-probs of a completion's tokens under {@code plan} at {@code temperature}. */
  static float[] targetLogprobs(Completion c, ForwardBackend learner, LayerPlan plan, double temperature) {
    Logits logits = learner.logits(TokenBatch.of(concat(c.promptTokens(), c.completionTokens())), plan);
    float[] out = new float[c.completionTokens().length];
    for (int t = 0; t < out.length; t++) {
      int position = c.promptTokens().length + t - 1;
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < logits.vocab(); v++) {
        max = Math.max(max, logits.at(0, position, v) / temperature);
      }
      double sum = 0;
      for (int v = 0; v < logits.vocab(); v++) {
        sum += Math.exp(logits.at(0, position, v) / temperature - max);
      }
      out[t] = (float) (logits.at(0, position, c.completionTokens()[t]) / temperature - max - Math.log(sum));
    }
    return out;
  }

  private static double maxLogprobDiff(RolloutBatch batch, ForwardBackend learner, LayerPlan plan, double t) {
    double max = 0;
    for (int row = 0; row < batch.rowCount(); row++) {
      float[] target = targetLogprobs(batch.row(row), learner, plan, t);
      float[] behavior = batch.behaviorLogprobs(row);
      assertThat(behavior).hasSameSizeAs(target);
      for (int i = 0; i < behavior.length; i++) {
        max = Math.max(max, Math.abs(target[i] - behavior[i]));
      }
    }
    return max;
  }

  /** log q(token) for HF's temperature, top-k, top-p warpers, written independently of TokenSampler. */
  private static double truncatedLogprob(Logits logits, int position, int token, SamplingParams p) {
    int vocab = logits.vocab();
    double[] z = new double[vocab];
    for (int v = 0; v < vocab; v++) {
      z[v] = logits.at(0, position, v) / p.temperature();
    }
    Integer[] order = new Integer[vocab];
    for (int v = 0; v < vocab; v++) {
      order[v] = v;
    }
    Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
    boolean[] keep = new boolean[vocab];
    int k = p.topK() > 0 ? p.topK() : vocab;
    double max = z[order[0]];
    double total = 0;
    for (int i = 0; i < k; i++) {
      total += Math.exp(z[order[i]] - max);
    }
    double cumulative = 0;
    for (int i = 0; i < k; i++) {
      keep[order[i]] = true;
      cumulative += Math.exp(z[order[i]] - max) / total;
      if (cumulative >= p.topP()) {
        break;
      }
    }
    assertThat(keep[token]).as("sampled token %d is in the kept set", token).isTrue();
    double sum = 0;
    for (int v = 0; v < vocab; v++) {
      if (keep[v]) {
        sum += Math.exp(z[v] - max);
      }
    }
    return z[token] - max - Math.log(sum);
  }
}
