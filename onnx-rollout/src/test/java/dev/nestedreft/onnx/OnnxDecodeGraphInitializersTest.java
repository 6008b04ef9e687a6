package dev.nestedreft.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The decode graph with its weights as external initializers ({@link OnnxDecodeGraph#withWeightInitializers}, the
 * variant {@link OrtInitializersExperiment} measures) computes what the graph with weight inputs computes.
 */
@Tag("native")
class OnnxDecodeGraphInitializersTest {
  @Test
  void initializerWeightsGiveTheLogitsOfInputWeights() throws Exception {
    ModelSpec spec = ModelPresets.get("micro");
    int slots = spec.numHiddenLayers();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RootAllocator root = new RootAllocator();
        PackedWeights packed = PackedWeights.allocate(spec, slots, root)) {
      try (WeightSet weights = WeightInitializer.initialize(spec, 7, root)) {
        packed.fill(spec, weights, spec.fullPlan(), pool);
      }
      ModelProto inputsGraph = OnnxDecodeGraph.build(spec, slots, "test");
      ModelProto initGraph = OnnxDecodeGraph.withWeightInitializers(inputsGraph, packed.inputs().keySet());
      assertThat(initGraph.getGraph().getInputList()).hasSize(inputsGraph.getGraph().getInputCount()
          - packed.inputs().size());
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      int[] tokens = {3, 17, 5, 42, 9};
      float[] expected;
      float[] actual;
      try (OrtSession.SessionOptions so = OrtSessions.options(BackendOptions.DEFAULT);
          OrtSession session = env.createSession(inputsGraph.toByteArray(), so)) {
        expected = OrtInitializersExperiment.prefillLogits(session, packed.inputs(), spec, slots, tokens);
      }
      try (OrtSession.SessionOptions so = OrtSessions.options(BackendOptions.DEFAULT)) {
        so.addExternalInitializers(new LinkedHashMap<String, OnnxTensorLike>(packed.inputs()));
        try (OrtSession session = env.createSession(initGraph.toByteArray(), so)) {
          actual = OrtInitializersExperiment.prefillLogits(session, Map.of(), spec, slots, tokens);
        }
      }
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], within(1e-5f));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
