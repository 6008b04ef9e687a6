package dev.nestedreft.onnx;

import static dev.nestedreft.tck.support.RolloutInputs.prompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.rollout.RolloutBackendContract;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ONNX Runtime rollout engine against the tck's rollout contract (behavior log-probs equal to the plain-Java
 * reference's under the same plan and temperature, truncated and greedy sampling, samples that do not depend on the
 * batch, seeds, both cache modes, stop tokens, what a batch records, refused requests), plus the wording of its own
 * refusals. That its tokens and behavior log-probs are the TensorFlow learner's is {@code RolloutParityTest} in the
 * api.
 */
@Tag("native")
class OrtRolloutEngineTest extends RolloutBackendContract {
  private static final OrtBackendProvider PROVIDER = new OrtBackendProvider();
  private static final BackendOptions OPTIONS = BackendOptions.DEFAULT;

  @Override
  protected RolloutBackendProvider provider() {
    return PROVIDER;
  }

  /** The contract checks that these are refused; here, that the messages name the input and what to do. */
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
