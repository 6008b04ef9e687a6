package dev.nestedreft.api.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariant 1: TensorFlow and ONNX Runtime compute the same logits (fp32, max abs difference at most 1e-4) for
 * the full plan and nested plans, on both architecture shapes: GQA with a tied head, and q/k/v biases with an
 * untied head. Norm weights and biases are randomised so every parameter matters.
 */
@Tag("native")
class BackendParityTest extends ArrowLeakCheck {
  static final double TOLERANCE = 1e-4;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("micro", new int[] {}),
        Arguments.of("micro", new int[] {1}),
        Arguments.of("micro", new int[] {0, 3}),
        Arguments.of("micro", new int[] {1, 2, 3}),
        Arguments.of("micro-qwen2", new int[] {}),
        Arguments.of("micro-qwen2", new int[] {2}),
        Arguments.of("micro-qwen2", new int[] {0, 1}),
        Arguments.of("micro-qwen2", new int[] {0, 2, 3}));
  }

  @ParameterizedTest(name = "{0} skipping {1}")
  @MethodSource("cases")
  void tensorFlowAndOnnxRuntimeAgree(String preset, int[] skip) {
    ModelSpec spec = ModelPresets.get(preset);
    LayerPlan plan = LayerPlan.skipping(spec.numHiddenLayers(), skip);
    TokenBatch tokens = randomTokens(spec, 3, 17, 11);
    Backends backends = Backends.discover();
    BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(1);
    try (WeightSet weights = WeightInitializer.initialize(spec, 42, allocator, true);
        ForwardBackend tf = backends.open("tf", spec, weights, options);
        ForwardBackend onnx = backends.open("onnx", spec, weights, options)) {
      Logits a = tf.logits(tokens, plan);
      Logits b = onnx.logits(tokens, plan);
      assertThat(a.maxAbsDiff(b)).isLessThanOrEqualTo(TOLERANCE);
      // The plan matters: skipping layers must change the logits, or the test would not test plans.
      if (!plan.isFull()) {
        assertThat(tf.logits(tokens, spec.fullPlan()).maxAbsDiff(a)).isGreaterThan(1e-3);
      }
    }
  }

  static TokenBatch randomTokens(ModelSpec spec, int batch, int length, long seed) {
    return TokenBatch.random(spec.vocabSize(), batch, length, seed);
  }
}
