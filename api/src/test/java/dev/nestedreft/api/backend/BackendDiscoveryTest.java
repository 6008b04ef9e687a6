package dev.nestedreft.api.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.reference.ReferenceBackendProvider;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendDiscoveryTest {
  @Test
  void findsTheBuiltInBackendsAndOneFromTheTestClassPath() {
    Backends backends = Backends.discover();
    assertThat(backends.forwardProviders().all().keySet()).containsExactly("onnx", "test-reference", "tf");
    assertThat(backends.exporters().all().keySet()).containsExactly("onnx");
    assertThat(backends.forwardProviders().select(ReferenceBackendProvider.NAME))
        .isInstanceOf(ReferenceBackendProvider.class);
  }

  @Test
  void anUnknownBackendListsTheAvailableOnes() {
    assertThatThrownBy(() -> Backends.discover().forwardProviders().select("jax"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("unknown backend 'jax'; available: onnx, test-reference, tf");
  }

  /**
   * The selected third-party provider really computes: the plain-Java reference of HF's forward pass agrees with
   * both engines, on both shapes, for a full and a nested plan.
   */
  @ParameterizedTest(name = "{0} skipping [{1}] on {2}")
  @CsvSource({"micro, '', tf", "micro, 1;2, tf", "micro-qwen2, '', onnx", "micro-qwen2, 0;3, onnx",
      "micro, 3, onnx", "micro-qwen2, 2, tf"})
  @Tag("native")
  void referenceImplementationAgreesWithTheEngines(String preset, String skip, String engine) {
    ModelSpec spec = ModelPresets.get(preset);
    int[] skipped = skip.isEmpty() ? new int[0]
        : Arrays.stream(skip.split(";")).mapToInt(Integer::parseInt).toArray();
    LayerPlan plan = LayerPlan.skipping(spec.numHiddenLayers(), skipped);
    TokenBatch tokens = BackendParityTest.randomTokens(spec, 2, 13, 5);
    Backends backends = Backends.discover();
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(spec, 9, allocator, true);
        ForwardBackend reference = backends.open(ReferenceBackendProvider.NAME, spec, weights,
            BackendOptions.DEFAULT);
        ForwardBackend backend = backends.open(engine, spec, weights, BackendOptions.DEFAULT)) {
      Logits expected = reference.logits(tokens, plan);
      assertThat(backend.logits(tokens, plan).maxAbsDiff(expected)).isLessThanOrEqualTo(1e-4);
    }
  }
}
