package dev.nestedreft.api.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.CacheMode;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.FinishReason;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.RolloutSchema;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 2: the rollout engine's tokens and behavior log-probs are those of the TensorFlow learner's model
 * under the same plan and temperature. Prompts have different lengths, so padding is exercised throughout.
 */
class RolloutEngineTest {
  private static final Backends BACKENDS = Backends.discover();
  private static final BackendOptions OPTIONS = BackendOptions.DEFAULT;

  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close(); // fails on any leaked Arrow buffer (weights, packed weights, batches)
  }

  static List<Prompt> prompts() {
    return List.of(new Prompt(11, new int[] {5, 9, 2}), new Prompt(12, new int[] {7, 1, 30, 4, 8, 60, 2}),
        new Prompt(13, new int[] {3}));
  }

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
  void samplesDoNotDependOnBatchCompositionAndSeedsReproduce() {
    ModelSpec spec = ModelPresets.get("micro-qwen2");
    try (WeightSet weights = WeightInitializer.initialize(spec, 2, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS)) {
      engine.load(weights, LayerPlan.skipping(spec.numHiddenLayers(), 3));
      SamplingParams params = SamplingParams.sample(9, 1234);
      List<Prompt> all = prompts();
      Map<String, Completion> together = rows(engine.generate(all, 3, params));
      Map<String, Completion> alone = rows(engine.generate(List.of(all.get(1)), 3, params));
      Map<String, Completion> reordered = rows(engine.generate(List.of(all.get(2), all.get(0)), 3, params));
      Map<String, Completion> again = rows(engine.generate(all, 3, params));
      Map<String, Completion> otherSeed = rows(engine.generate(all, 3, params.withSeed(1235)));
      for (Map<String, Completion> subset : List.of(alone, reordered, again)) {
        subset.forEach((key, c) -> {
          assertThat(c.completionTokens()).as(key).isEqualTo(together.get(key).completionTokens());
          float[] a = c.behaviorLogprobs();
          float[] b = together.get(key).behaviorLogprobs();
          for (int t = 0; t < a.length; t++) {
            assertThat((double) a[t]).isCloseTo(b[t], org.assertj.core.data.Offset.offset(1e-5));
          }
        });
      }
      assertThat(together.get("12/0").completionTokens()).isNotEqualTo(together.get("12/1").completionTokens());
      assertThat(otherSeed.get("12/0").completionTokens()).isNotEqualTo(together.get("12/0").completionTokens());
    }
  }

  @Test
  void kvCacheAndRecomputeGiveTheSameTokens() {
    ModelSpec spec = ModelPresets.get("micro");
    try (WeightSet weights = WeightInitializer.initialize(spec, 12, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS)) {
      LayerPlan plan = LayerPlan.skipping(spec.numHiddenLayers(), 0);
      engine.load(weights, new dev.nestedreft.spi.algo.PlanDraw(plan, "fixed", 12, 99), 5);
      SamplingParams params = SamplingParams.sample(10, 5);
      try (RolloutBatch batch = engine.generate(prompts(), 1, params)) {
        assertThat(batch.metadata()).containsEntry(RolloutSchema.META_PLAN_POLICY, "fixed")
            .containsEntry(RolloutSchema.META_PLAN_STEP, "12")
            .containsEntry(RolloutSchema.META_PLAN_SEED, "99");
      }
      Map<String, Completion> cached = rows(engine.generate(prompts(), 2, params, CacheMode.KV_CACHE));
      Map<String, Completion> recomputed = rows(engine.generate(prompts(), 2, params, CacheMode.RECOMPUTE));
      cached.forEach((key, c) -> assertThat(recomputed.get(key).completionTokens()).as(key)
          .isEqualTo(c.completionTokens()));
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
              assertThat((double) c.behaviorLogprobs()[t]).isCloseTo(expected,
                  org.assertj.core.data.Offset.offset(1e-4));
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
      Map<String, Completion> before = rows(engine.generate(prompts(), 2, params));
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

  @Test
  void badRequestsAreRefusedClearly() {
    ModelSpec spec = ModelPresets.get("micro");
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, OPTIONS)) {
      assertThatThrownBy(() -> engine.generate(prompts(), 1, SamplingParams.greedy(4)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("load weights");
      assertThatThrownBy(() -> engine.load(weights, LayerPlan.full(5)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("5-layer model");
      engine.load(weights, spec.fullPlan());
      assertThatThrownBy(() -> engine.generate(List.of(new Prompt(4, new int[] {1, 64})), 1,
          SamplingParams.greedy(4))).hasMessageContaining("prompt 4: token 64 at position 1 is outside");
      assertThatThrownBy(() -> engine.generate(prompts(), 1, SamplingParams.greedy(200)))
          .hasMessageContaining("exceed max_position_embeddings 128");
      assertThatThrownBy(() -> BACKENDS.openRollout("vllm", spec, allocator, OPTIONS))
          .hasMessage("unknown rollout backend 'vllm'; available: onnx");
      // These machines have no CUDA: asking for it is an error that says what to do, never a silent CPU run.
      BackendOptions cuda = OPTIONS.withDevice(dev.nestedreft.spi.backend.Device.CUDA);
      RuntimeException refused = null;
      try (RolloutBackend onGpu = BACKENDS.openRollout("onnx", spec, allocator, cuda)) {
        org.junit.jupiter.api.Assumptions.abort("this machine's ONNX Runtime has CUDA: " + onGpu.name());
      } catch (dev.nestedreft.spi.NestedReftException e) {
        refused = e;
      }
      assertThat(refused).hasMessageContaining("device cuda requested").hasMessageContaining("-Pgpu");
      assertThatThrownBy(() -> BACKENDS.open("tf", spec, weights, cuda))
          .hasMessageContaining("backend 'tf': device cuda requested, but TensorFlow sees no GPU device");
    }
  }

  // ---- helpers ----

  private static Map<String, Completion> rows(RolloutBatch batch) {
    try (batch) {
      Map<String, Completion> out = new HashMap<>();
      for (int row = 0; row < batch.rowCount(); row++) {
        Completion c = batch.row(row);
        out.put(c.promptId() + "/" + c.sampleIndex(), c);
      }
      return out;
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

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
    java.util.Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
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
