package com.example.nestedreft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.spi.rollout.RolloutBatch;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's nested rollouts, on a tiny model; closing the allocator fails the test on a leaked buffer. */
@Tag("native")
class NestedRolloutsTest {
  @TempDir Path dir;

  @Test
  void fourSamplesFromTheNestedPlanCrossAsArrowIpc() {
    try (BufferAllocator allocator = new RootAllocator();
        LoadedModel model = ModelDirectory.read(TinyModel.write(dir.resolve("tiny")), allocator)) {
      byte[] ipc = NestedRollouts.sample(model, allocator);

      try (RolloutBatch batch = RolloutBatch.fromIpcBytes(ipc, allocator, model.spec().vocabSize())) {
        assertThat(batch.rowCount()).isEqualTo(4);
        for (int row = 0; row < batch.rowCount(); row++) {
          assertThat(batch.promptTokens(row)).containsExactly(1, 2, 3);
          assertThat(batch.layerPlan(row)).containsExactly(0, 1, 2, 4, 6, 7);
          assertThat(batch.completionTokens(row)).hasSizeBetween(1, 32);
          assertThat(batch.behaviorLogprobs(row)).hasSameSizeAs(batch.completionTokens(row));
        }
      }
    }
  }
}
