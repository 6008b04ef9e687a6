package dev.nestedreft.api.checkpoint;

import static dev.nestedreft.tck.support.TrainInputs.batch;
import static dev.nestedreft.tck.support.TrainInputs.sequences;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's AdamW state survives the file exactly: the moments bit for bit, and the step count. That a restored
 * learner then continues exactly as the original is {@code TfLearnerTest} in tf-backend.
 */
@Tag("native")
class OptimizerStateFileTest {
  @TempDir Path dir;

  @Test
  void optimizerStateRoundTripsExactlyThroughTheFile() {
    ModelSpec spec = ModelPresets.get("micro");
    TrainBatch batch = batch(sequences(spec, 4, 11), 12, 1.0);
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(1e-3);
    Backends backends = Backends.discover();
    Path file = dir.resolve("optimizer.safetensors");
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(spec, 3, allocator);
        LearnerBackend a = backends.openLearner("tf", spec, weights, config, BackendOptions.DEFAULT);
        LearnerBackend b = backends.openLearner("tf", spec, weights, config, BackendOptions.DEFAULT)) {
      a.update(batch);
      a.update(batch);
      OptimizerStateFile.save(a, file, allocator);
      assertThat(OptimizerStateFile.step(file)).isEqualTo(2);
      OptimizerStateFile.restore(b, file, allocator);
      assertThat(b.optimizerStep()).isEqualTo(2);
      try (WeightSet expected = a.exportOptimizerState(allocator);
          WeightSet restored = b.exportOptimizerState(allocator)) {
        assertThat(restored.names()).containsExactlyInAnyOrderElementsOf(expected.names())
            .contains("adam.m/model.norm.weight", "adam.v/model.embed_tokens.weight");
        for (String name : expected.names()) {
          assertThat(restored.toArray(name)).as(name).isEqualTo(expected.toArray(name));
        }
      }
    }
  }
}
