package dev.nestedreft.tck.rollout;

import static dev.nestedreft.tck.support.RolloutInputs.prompts;
import static dev.nestedreft.tck.support.RolloutInputs.readAndClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.CacheMode;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.FinishReason;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.RolloutSchema;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.reference.ReferenceForwardBackend;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link RolloutBackend}, created through its {@link RolloutBackendProvider}: what the learner's
 * off-policy corrections and the trainer rely on.
 *
 * <ul>
 *   <li>The recorded behavior log-probs are those of the distribution that drew each token: the plain-Java
 *       {@link ReferenceForwardBackend}'s {@code log softmax(logits / T)} under the same plan, within
 *       {@value #TOLERANCE}, for the full plan and nested plans, at two temperatures, on both test shapes; with
 *       top-k/top-p, those of the truncated, renormalised distribution (docs/ALGORITHMS.md, "Sampling"); greedy
 *       decoding takes the reference's arg-max and records 0.
 *   <li>A sequence's tokens depend on the seed, its prompt id and its sample index only: not on the other prompts
 *       of the batch or their order; the same seed gives the same tokens; another seed, other tokens; both cache
 *       modes give the same tokens.
 *   <li>Rows come prompt by prompt, samples in order, each with its prompt, the loaded plan and policy version; a
 *       stop token ends a sequence (and is kept), otherwise it runs to {@code max_new_tokens}; the metadata records
 *       the sampling parameters and the plan draw in {@link RolloutSchema}'s formats; the batch validates.
 *   <li>Generating before a load, a plan for another depth, a token outside the vocabulary and a sequence longer
 *       than {@code max_position_embeddings} are refused; the caller may close the weights once {@code load}
 *       returns; the engine and its batches free what they allocate (each test closes its allocator).
 * </ul>
 *
 * <p>Extend it with the provider under test; tag the subclass {@code native} when it loads a native library:
 *
 * <pre>
 * &#64;Tag("native")
 * class MyRolloutBackendTest extends RolloutBackendContract {
 *   protected RolloutBackendProvider provider() { return new MyRolloutProvider(); }
 * }
 * </pre>
 */
public abstract class RolloutBackendContract extends ArrowLeakCheck {
  /** The largest absolute difference from the reference's log-probs that the contract accepts. */
  public static final double TOLERANCE = 1e-4;

  /** The provider under test. */
  protected abstract RolloutBackendProvider provider();

  /** The options every engine is created with: the defaults, with one intra-op thread. */
  protected BackendOptions options() {
    return BackendOptions.DEFAULT.withIntraOpThreads(1);
  }

  /** The model presets the checks run on: {@code micro} and {@code micro-qwen2}, the two shapes. */
  protected List<String> presets() {
    return List.of("micro", "micro-qwen2");
  }

  /** The plans checked against the reference: the full plan, one interior layer skipped, both ends skipped. */
  protected List<LayerPlan> plans(ModelSpec spec) {
    int layers = spec.numHiddenLayers();
    return List.of(spec.fullPlan(), LayerPlan.skipping(layers, layers / 2), LayerPlan.skipping(layers, 0,
        layers - 1));
  }

  private ModelSpec firstSpec() {
    return ModelPresets.get(presets().get(0));
  }

  private LayerPlan nested(ModelSpec spec) {
    return plans(spec).get(1);
  }

  @Test
  void isAvailableAndRefusesToGenerateBeforeALoad() {
    RolloutBackendProvider provider = provider();
    assertThat(provider.name()).isNotBlank();
    assertThat(provider.isAvailable()).as("provider '%s' is available", provider.name()).isTrue();
    ModelSpec spec = firstSpec();
    try (RolloutBackend engine = provider.create(spec, allocator, options())) {
      assertThat(engine.name()).isEqualTo(provider.name());
      assertThat(engine.spec()).isEqualTo(spec);
      assertThat(engine.policyVersion()).as("policy version before the first load").isEqualTo(-1);
      assertThatThrownBy(() -> engine.generate(prompts(), 1, SamplingParams.sample(4, 1)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  /** Three prompts of 3, 7 and 1 tokens, three samples each, 8 new tokens, every plan and preset, T = 1 and 0.7. */
  @Test
  void behaviorLogprobsAreTheReferenceLogprobsUnderTheSamePlanAndTemperature() {
    for (String preset : presets()) {
      ModelSpec spec = ModelPresets.get(preset);
      try (WeightSet weights = WeightInitializer.initialize(spec, 5, allocator, true);
          RolloutBackend engine = provider().create(spec, allocator, options())) {
        ReferenceForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
        for (LayerPlan plan : plans(spec)) {
          engine.load(weights, plan);
          for (double temperature : new double[] {1.0, 0.7}) {
            SamplingParams params = SamplingParams.sample(8, 99).withTemperature(temperature);
            try (RolloutBatch batch = engine.generate(prompts(), 3, params)) {
              String what = preset + ", plan " + plan + ", temperature " + temperature;
              assertRows(batch, spec, params, prompts(), 3, plan, engine.policyVersion(), what);
              assertThat(maxLogprobError(batch, reference, plan, temperature)).as("%s: max |behavior log-prob - "
                  + "reference|", what).isLessThanOrEqualTo(TOLERANCE);
            }
          }
        }
      }
    }
  }

  /**
   * Top-k 6 and top-p 0.9 at temperature 0.8: the recorded log-prob is that of the truncated, renormalised
   * distribution, and the drawn token is one that truncation kept. Tokens whose kept set an fp32 rounding could
   * change (a near-tie at the k-th value or at the top-p boundary) are skipped.
   */
  @Test
  void truncatedSamplingRecordsTheTruncatedDistribution() {
    ModelSpec spec = firstSpec();
    LayerPlan plan = nested(spec);
    SamplingParams params = new SamplingParams(0.8, 6, 0.9, 8, new int[0], 31);
    try (WeightSet weights = WeightInitializer.initialize(spec, 6, allocator, true);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      ReferenceForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
      engine.load(weights, plan);
      try (RolloutBatch batch = engine.generate(prompts(), 4, params)) {
        assertThat(batch.metadata()).containsEntry(RolloutSchema.META_TRUNCATED_SAMPLING, "true");
        int checked = 0;
        int total = 0;
        for (int row = 0; row < batch.rowCount(); row++) {
          Completion c = batch.row(row);
          double[][] logits = reference.rowLogits(concat(c.promptTokens(), c.completionTokens()), plan);
          for (int t = 0; t < c.completionTokens().length; t++) {
            total++;
            double[] z = logits[c.promptTokens().length + t - 1];
            Double expected = Truncation.logprob(z, params, c.completionTokens()[t]);
            if (expected == null) {
              continue; // a near-tie decides the kept set
            }
            assertThat(expected).as("row %d token %d (%d) was cut by truncation", row, t, c.completionTokens()[t])
                .isFinite();
            assertThat((double) c.behaviorLogprobs()[t]).as("row %d token %d", row, t)
                .isCloseTo(expected, within(TOLERANCE));
            checked++;
          }
        }
        assertThat(checked).as("tokens checked of %d", total).isGreaterThan(total / 2);
      }
    }
  }

  /** Greedy decoding: each token is the reference's arg-max given the prefix, and its recorded log-prob is 0. */
  @Test
  void greedyDecodingTakesTheArgmaxAndRecordsZero() {
    ModelSpec spec = ModelPresets.get(presets().get(presets().size() - 1));
    LayerPlan plan = nested(spec);
    try (WeightSet weights = WeightInitializer.initialize(spec, 21, allocator, true);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      ReferenceForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
      engine.load(weights, plan, 3);
      SamplingParams greedy = SamplingParams.greedy(6);
      try (RolloutBatch batch = engine.generate(prompts(), 2, greedy)) {
        assertRows(batch, spec, greedy, prompts(), 2, plan, 3, "greedy");
        for (int row = 0; row < batch.rowCount(); row++) {
          Completion c = batch.row(row);
          double[][] logits = reference.rowLogits(concat(c.promptTokens(), c.completionTokens()), plan);
          for (int t = 0; t < c.completionTokens().length; t++) {
            double[] z = logits[c.promptTokens().length + t - 1];
            int best = argmax(z);
            double runnerUp = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < z.length; v++) {
              if (v != best) {
                runnerUp = Math.max(runnerUp, z[v]);
              }
            }
            if (z[best] - runnerUp > TOLERANCE) {
              assertThat(c.completionTokens()[t]).as("row %d token %d", row, t).isEqualTo(best);
            }
            assertThat(Math.abs(c.behaviorLogprobs()[t])).as("greedy log-prob, row %d token %d", row, t)
                .isEqualTo(0f);
          }
        }
      }
    }
  }

  @Test
  void samplesDoNotDependOnBatchCompositionAndSeedsReproduce() {
    ModelSpec spec = ModelPresets.get(presets().get(presets().size() - 1));
    try (WeightSet weights = WeightInitializer.initialize(spec, 2, allocator, true);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      engine.load(weights, nested(spec));
      SamplingParams params = SamplingParams.sample(9, 1234);
      List<Prompt> all = prompts();
      Map<String, Completion> together = readAndClose(engine.generate(all, 3, params));
      Map<String, Completion> alone = readAndClose(engine.generate(List.of(all.get(1)), 3, params));
      Map<String, Completion> reordered = readAndClose(engine.generate(List.of(all.get(2), all.get(0)), 3, params));
      Map<String, Completion> again = readAndClose(engine.generate(all, 3, params));
      Map<String, Completion> otherSeed = readAndClose(engine.generate(all, 3, params.withSeed(1235)));
      for (Map<String, Completion> subset : List.of(alone, reordered, again)) {
        subset.forEach((key, c) -> {
          assertThat(c.completionTokens()).as(key).isEqualTo(together.get(key).completionTokens());
          float[] a = c.behaviorLogprobs();
          float[] b = together.get(key).behaviorLogprobs();
          for (int t = 0; t < a.length; t++) {
            assertThat((double) a[t]).as("%s token %d", key, t)
                .isCloseTo(b[t], within(1e-5));
          }
        });
      }
      assertThat(together.get("12/0").completionTokens()).as("two samples of one prompt")
          .isNotEqualTo(together.get("12/1").completionTokens());
      assertThat(otherSeed.get("12/0").completionTokens()).as("another seed")
          .isNotEqualTo(together.get("12/0").completionTokens());
    }
  }

  @Test
  void bothCacheModesGiveTheSameTokens() {
    ModelSpec spec = firstSpec();
    try (WeightSet weights = WeightInitializer.initialize(spec, 12, allocator, true);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      engine.load(weights, LayerPlan.skipping(spec.numHiddenLayers(), 0));
      SamplingParams params = SamplingParams.sample(10, 5);
      try (RolloutBatch cached = engine.generate(prompts(), 2, params, CacheMode.KV_CACHE);
          RolloutBatch recomputed = engine.generate(prompts(), 2, params, CacheMode.RECOMPUTE)) {
        assertThat(cached.metadata()).containsEntry(RolloutSchema.META_KV_CACHE, "true");
        assertThat(recomputed.metadata()).containsEntry(RolloutSchema.META_KV_CACHE, "false");
        assertThat(recomputed.rowCount()).isEqualTo(cached.rowCount());
        for (int row = 0; row < cached.rowCount(); row++) {
          assertThat(recomputed.completionTokens(row)).as("row %d", row).isEqualTo(cached.completionTokens(row));
        }
      }
    }
  }

  /** Four stop tokens of 64, 16 new tokens, six samples of each prompt: many rows stop early, at different steps. */
  @Test
  void stopTokensEndSequencesAndTheRestRunToTheLimit() {
    ModelSpec spec = firstSpec();
    int[] stops = {0, 16, 32, 48};
    LayerPlan plan = nested(spec);
    try (WeightSet weights = WeightInitializer.initialize(spec, 8, allocator, true);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      ReferenceForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
      engine.load(weights, plan);
      SamplingParams params = new SamplingParams(1.0, 0, 1.0, 16, stops, 4);
      try (RolloutBatch batch = engine.generate(prompts(), 6, params)) {
        assertRows(batch, spec, params, prompts(), 6, plan, engine.policyVersion(), "with stop tokens");
        int stopped = 0;
        for (int row = 0; row < batch.rowCount(); row++) {
          Completion c = batch.row(row);
          int[] tokens = c.completionTokens();
          assertThat(tokens).as("row %d", row).isNotEmpty();
          for (int t = 0; t + 1 < tokens.length; t++) {
            assertThat(params.isStop(tokens[t])).as("row %d: stop token %d before the end", row, tokens[t]).isFalse();
          }
          if (c.finishReason() == FinishReason.STOP) {
            stopped++;
            assertThat(params.isStop(tokens[tokens.length - 1])).as("row %d ends with a stop token", row).isTrue();
          } else {
            assertThat(tokens).as("row %d finished by length", row).hasSize(16);
            assertThat(params.isStop(tokens[tokens.length - 1])).as("row %d: a final stop token means stop", row)
                .isFalse();
          }
        }
        assertThat(stopped).as("rows ended by a stop token").isGreaterThan(0).isLessThan(batch.rowCount());
        assertThat(maxLogprobError(batch, reference, plan, 1.0)).isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }

  /** A drawn plan and an explicit policy version are recorded; the next load without a version counts on. */
  @Test
  void recordsThePlanDrawThePolicyVersionAndTheSamplingParameters() {
    ModelSpec spec = firstSpec();
    LayerPlan first = nested(spec);
    LayerPlan second = spec.fullPlan();
    try (WeightSet weights = WeightInitializer.initialize(spec, 9, allocator);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      engine.load(weights, new PlanDraw(first, "fixed", 12, 99), 5);
      assertThat(engine.plan()).isEqualTo(first);
      assertThat(engine.policyVersion()).isEqualTo(5);
      assertThat(engine.lastLoadNanos()).isNotNegative();
      SamplingParams params = new SamplingParams(0.9, 0, 1.0, 5, new int[] {3, 7}, 77);
      try (RolloutBatch batch = engine.generate(prompts(), 2, params)) {
        assertRows(batch, spec, params, prompts(), 2, first, 5, "after a drawn plan");
        assertThat(batch.metadata())
            .containsEntry(RolloutSchema.META_PLAN_POLICY, "fixed")
            .containsEntry(RolloutSchema.META_PLAN_STEP, "12")
            .containsEntry(RolloutSchema.META_PLAN_SEED, "99")
            .containsEntry(RolloutSchema.META_TEMPERATURE, Double.toString(0.9))
            .containsEntry(RolloutSchema.META_TOP_K, "0")
            .containsEntry(RolloutSchema.META_TOP_P, Double.toString(1.0))
            .containsEntry(RolloutSchema.META_MAX_NEW_TOKENS, "5")
            .containsEntry(RolloutSchema.META_STOP_TOKEN_IDS, Arrays.toString(new int[] {3, 7}))
            .containsEntry(RolloutSchema.META_SEED, "77")
            .containsEntry(RolloutSchema.META_TRUNCATED_SAMPLING, "false")
            .containsKey(RolloutSchema.META_GENERATION_MS);
        GenerationStats stats = engine.lastStats();
        assertThat(stats.sequences()).isEqualTo(batch.rowCount());
        assertThat(stats.generatedTokens()).isEqualTo(batch.completionTokenCount());
      }
      engine.load(weights, second);
      assertThat(engine.policyVersion()).as("the next version").isEqualTo(6);
      assertThat(engine.plan()).isEqualTo(second);
      try (RolloutBatch batch = engine.generate(prompts(), 1, params)) {
        assertRows(batch, spec, params, prompts(), 1, second, 6, "after a second load");
      }
    }
  }

  @Test
  void refusesAPlanForAnotherDepthTokensOutsideTheVocabularyAndOverlongSequences() {
    ModelSpec spec = firstSpec();
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator);
        RolloutBackend engine = provider().create(spec, allocator, options())) {
      assertThatThrownBy(() -> engine.load(weights, LayerPlan.full(spec.numHiddenLayers() + 1)))
          .isInstanceOf(InvalidInputException.class);
      engine.load(weights, spec.fullPlan());
      assertThatThrownBy(() -> engine.generate(List.of(new Prompt(4, new int[] {1, spec.vocabSize()})), 1,
          SamplingParams.greedy(4))).as("token %d", spec.vocabSize()).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> engine.generate(List.of(new Prompt(4, new int[] {-1})), 1,
          SamplingParams.greedy(4))).as("token -1").isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> engine.generate(prompts(), 1,
          SamplingParams.greedy(spec.maxPositionEmbeddings())))
          .as("longer than max_position_embeddings").isInstanceOf(InvalidInputException.class);
    }
  }

  /**
   * A refresh replaces everything: after weights A under one plan, weights B under another plan of the same depth
   * (an engine may reuse its buffers for that) give exactly the tokens and log-probs of a fresh engine loaded with
   * B and that plan, on both presets.
   */
  @Test
  void aRefreshWithOtherWeightsAndAnotherPlanOfTheSameDepthIsAFreshLoad() {
    for (String preset : presets()) {
      ModelSpec spec = ModelPresets.get(preset);
      int layers = spec.numHiddenLayers();
      LayerPlan first = LayerPlan.skipping(layers, 0);
      LayerPlan second = LayerPlan.skipping(layers, layers - 1);
      SamplingParams params = SamplingParams.sample(6, 17);
      try (WeightSet a = WeightInitializer.initialize(spec, 21, allocator, true);
          WeightSet b = WeightInitializer.initialize(spec, 22, allocator, true);
          RolloutBackend reused = provider().create(spec, allocator, options());
          RolloutBackend fresh = provider().create(spec, allocator, options())) {
        reused.load(a, first);
        reused.generate(prompts(), 2, params).close();
        reused.load(b, second);
        fresh.load(b, second);
        try (RolloutBatch got = reused.generate(prompts(), 2, params);
            RolloutBatch want = fresh.generate(prompts(), 2, params)) {
          for (int row = 0; row < want.rowCount(); row++) {
            assertThat(got.completionTokens(row)).as("%s, row %d: tokens", preset, row)
                .containsExactly(want.completionTokens(row));
            assertThat(got.behaviorLogprobs(row)).as("%s, row %d: behavior log-probs", preset, row)
                .containsExactly(want.behaviorLogprobs(row));
          }
        }
      }
    }
  }

  /** The interface's javadoc: the backend copies what it needs from the weights; the caller keeps ownership. */
  @Test
  void keepsItsOwnCopyOfTheWeights() {
    ModelSpec spec = ModelPresets.get(presets().get(presets().size() - 1));
    LayerPlan plan = nested(spec);
    ReferenceForwardBackend reference;
    try (RolloutBackend engine = provider().create(spec, allocator, options())) {
      try (WeightSet weights = WeightInitializer.initialize(spec, 13, allocator, true)) {
        reference = ReferenceForwardBackend.create(spec, weights);
        engine.load(weights, plan);
      }
      try (RolloutBatch batch = engine.generate(prompts(), 2, SamplingParams.sample(6, 3))) {
        assertThat(maxLogprobError(batch, reference, plan, 1.0)).as("after the weights were closed")
            .isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }

  /** Rows prompt by prompt, samples in order, with their prompt, plan and version; the batch validates. */
  private static void assertRows(RolloutBatch batch, ModelSpec spec, SamplingParams params, List<Prompt> prompts,
      int samples, LayerPlan plan, long policyVersion, String what) {
    assertThat(batch.rowCount()).as("%s: rows", what).isEqualTo(prompts.size() * samples);
    for (int row = 0; row < batch.rowCount(); row++) {
      Prompt prompt = prompts.get(row / samples);
      Completion c = batch.row(row);
      assertThat(c.promptId()).as("%s: row %d prompt id", what, row).isEqualTo(prompt.id());
      assertThat(c.sampleIndex()).as("%s: row %d sample index", what, row).isEqualTo(row % samples);
      assertThat(c.promptTokens()).as("%s: row %d prompt", what, row).isEqualTo(prompt.tokens());
      assertThat(c.layerPlan()).as("%s: row %d plan", what, row).isEqualTo(plan.layers());
      assertThat(c.policyVersion()).as("%s: row %d policy version", what, row).isEqualTo(policyVersion);
      assertThat(c.completionTokens()).as("%s: row %d", what, row).isNotEmpty();
      assertThat(c.behaviorLogprobs()).as("%s: row %d log-probs", what, row).hasSameSizeAs(c.completionTokens());
      assertThat(c.completionTokens().length).as("%s: row %d length", what, row)
          .isLessThanOrEqualTo(params.maxNewTokens());
      if (params.stopTokenIds().length == 0) {
        assertThat(c.completionTokens()).as("%s: row %d runs to max_new_tokens", what, row)
            .hasSize(params.maxNewTokens());
        assertThat(c.finishReason()).as("%s: row %d finish reason", what, row).isEqualTo(FinishReason.LENGTH);
      }
    }
    batch.validate(spec.vocabSize());
  }

  /** The largest |recorded − reference| behavior log-prob of the batch, the reference at the same plan and T. */
  private static double maxLogprobError(RolloutBatch batch, ReferenceForwardBackend reference, LayerPlan plan,
      double temperature) {
    double max = 0;
    for (int row = 0; row < batch.rowCount(); row++) {
      Completion c = batch.row(row);
      double[] expected = reference.completionLogprobs(c.promptTokens(), c.completionTokens(), plan, temperature);
      for (int t = 0; t < expected.length; t++) {
        max = Math.max(max, Math.abs(c.behaviorLogprobs()[t] - expected[t]));
      }
    }
    return max;
  }

  private static int argmax(double[] z) {
    int best = 0;
    for (int v = 1; v < z.length; v++) {
      if (z[v] > z[best]) {
        best = v;
      }
    }
    return best;
  }

  private static int[] concat(int[] prompt, int[] completion) {
    int[] out = Arrays.copyOf(prompt, prompt.length + completion.length);
    System.arraycopy(completion, 0, out, prompt.length, completion.length);
    return out;
  }
}
