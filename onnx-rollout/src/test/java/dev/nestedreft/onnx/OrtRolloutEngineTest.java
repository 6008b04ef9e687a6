package dev.nestedreft.onnx;

import static dev.nestedreft.tck.support.RolloutInputs.prompts;
import static dev.nestedreft.tck.support.RolloutInputs.readAndClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.CacheMode;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.RolloutSchema;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime rollout engine on its own: sampling that does not depend on the batch, seeds, the key-value
 * cache, and refused requests. That its tokens and behavior log-probs are the TensorFlow learner's is
 * {@code RolloutParityTest} in the api. Prompts have different lengths, so padding is exercised throughout.
 */
@Tag("native")
class OrtRolloutEngineTest extends ArrowLeakCheck {
  private static final OrtBackendProvider PROVIDER = new OrtBackendProvider();
  private static final BackendOptions OPTIONS = BackendOptions.DEFAULT;

  @Test
  void samplesDoNotDependOnBatchCompositionAndSeedsReproduce() {
    ModelSpec spec = ModelPresets.get("micro-qwen2");
    try (WeightSet weights = WeightInitializer.initialize(spec, 2, allocator, true);
        RolloutBackend engine = PROVIDER.create(spec, allocator, OPTIONS)) {
      engine.load(weights, LayerPlan.skipping(spec.numHiddenLayers(), 3));
      SamplingParams params = SamplingParams.sample(9, 1234);
      List<Prompt> all = prompts();
      Map<String, Completion> together = readAndClose(engine.generate(all, 3, params));
      Map<String, Completion> alone = readAndClose(engine.generate(List.of(all.get(1)), 3, params));
      Map<String, Completion> reordered =
          readAndClose(engine.generate(List.of(all.get(2), all.get(0)), 3, params));
      Map<String, Completion> again = readAndClose(engine.generate(all, 3, params));
      Map<String, Completion> otherSeed = readAndClose(engine.generate(all, 3, params.withSeed(1235)));
      for (Map<String, Completion> subset : List.of(alone, reordered, again)) {
        subset.forEach((key, c) -> {
          assertThat(c.completionTokens()).as(key).isEqualTo(together.get(key).completionTokens());
          float[] a = c.behaviorLogprobs();
          float[] b = together.get(key).behaviorLogprobs();
          for (int t = 0; t < a.length; t++) {
            assertThat((double) a[t]).isCloseTo(b[t], within(1e-5));
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
        RolloutBackend engine = PROVIDER.create(spec, allocator, OPTIONS)) {
      LayerPlan plan = LayerPlan.skipping(spec.numHiddenLayers(), 0);
      engine.load(weights, new PlanDraw(plan, "fixed", 12, 99), 5);
      SamplingParams params = SamplingParams.sample(10, 5);
      try (RolloutBatch batch = engine.generate(prompts(), 1, params)) {
        assertThat(batch.metadata()).containsEntry(RolloutSchema.META_PLAN_POLICY, "fixed")
            .containsEntry(RolloutSchema.META_PLAN_STEP, "12").containsEntry(RolloutSchema.META_PLAN_SEED, "99");
      }
      Map<String, Completion> cached = readAndClose(engine.generate(prompts(), 2, params, CacheMode.KV_CACHE));
      Map<String, Completion> recomputed =
          readAndClose(engine.generate(prompts(), 2, params, CacheMode.RECOMPUTE));
      cached.forEach((key, c) -> assertThat(recomputed.get(key).completionTokens()).as(key)
          .isEqualTo(c.completionTokens()));
    }
  }

  @Test
  void badRequestsAreRefusedClearly() {
    ModelSpec spec = ModelPresets.get("micro");
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator);
        RolloutBackend engine = PROVIDER.create(spec, allocator, OPTIONS)) {
      assertThatThrownBy(() -> engine.generate(prompts(), 1, SamplingParams.greedy(4)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("load weights");
      assertThatThrownBy(() -> engine.load(weights, LayerPlan.full(5)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("5-layer model");
      engine.load(weights, spec.fullPlan());
      assertThatThrownBy(() -> engine.generate(List.of(new Prompt(4, new int[] {1, 64})), 1,
          SamplingParams.greedy(4))).hasMessageContaining("prompt 4: token 64 at position 1 is outside");
      assertThatThrownBy(() -> engine.generate(prompts(), 1, SamplingParams.greedy(200)))
          .hasMessageContaining("exceed max_position_embeddings 128");
      Providers<RolloutBackendProvider> registered = Providers.load(RolloutBackendProvider.class,
          OrtRolloutEngineTest.class.getClassLoader(), "rollout backend", RolloutBackendProvider::name,
          RolloutBackendProvider::isAvailable);
      assertThatThrownBy(() -> registered.select("vllm"))
          .hasMessage("unknown rollout backend 'vllm'; available: onnx");
      // These machines have no CUDA: asking for it is an error that says what to do, never a silent CPU run.
      BackendOptions cuda = OPTIONS.withDevice(Device.CUDA);
      RuntimeException refused = null;
      try (RolloutBackend onGpu = PROVIDER.create(spec, allocator, cuda)) {
        abort("this machine's ONNX Runtime has CUDA: " + onGpu.name());
      } catch (NestedReftException e) {
        refused = e;
      }
      assertThat(refused).hasMessageContaining("device cuda requested").hasMessageContaining("-Pgpu");
      // TfForwardBackendTest checks the same for TensorFlow.
    }
  }
}
