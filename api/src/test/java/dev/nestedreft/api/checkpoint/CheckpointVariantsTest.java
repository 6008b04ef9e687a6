package dev.nestedreft.api.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharded and BF16 Hugging Face checkpoints import to exactly the logits of the same weights saved in F32. */
class CheckpointVariantsTest {
  @TempDir Path dir;

  @Tag("native")
  @Test
  void shardedAndBf16CheckpointsGiveTheLogitsOfTheirF32Weights() throws IOException {
    ModelSpec spec = ModelPresets.get("micro-qwen2");
    TokenBatch tokens = TokenBatch.random(spec.vocabSize(), 2, 9, 3);
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(spec, 4, allocator, true)) {
      Path single = dir.resolve("single");
      ModelDirectory.write(single, spec, weights, Provenance.of(Map.of()));
      Path sharded = writeSharded(dir.resolve("sharded"), spec, weights, allocator);
      Path bf16 = dir.resolve("bf16");
      ModelDirectory.write(bf16, spec, weights, Provenance.of(Map.of()), DType.BF16);
      Path rounded = dir.resolve("bf16-as-f32");
      try (LoadedModel fromBf16 = ModelDirectory.read(bf16, allocator)) {
        ModelDirectory.write(rounded, spec, fromBf16.weights(), Provenance.of(Map.of()));
      }

      Logits reference = logits(single, tokens, allocator);
      assertThat(logits(sharded, tokens, allocator).maxAbsDiff(reference)).isZero();
      Logits fromBf16 = logits(bf16, tokens, allocator);
      assertThat(fromBf16.maxAbsDiff(logits(rounded, tokens, allocator))).isZero();
      assertThat(fromBf16.maxAbsDiff(reference)).isGreaterThan(0).isLessThan(0.05); // BF16 rounding shows
    }
  }

  @Test
  void aBrokenIndexIsNamed() throws IOException {
    ModelSpec spec = ModelPresets.get("micro");
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(spec, 4, allocator)) {
      Path sharded = writeSharded(dir.resolve("broken"), spec, weights, allocator);
      Path index = sharded.resolve(ShardedSafetensors.INDEX);
      Files.writeString(index, Files.readString(index).replace("model-00002-of-00002", "model-00003-of-00002"));
      assertThatThrownBy(() -> ModelDirectory.read(sharded, allocator))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(ShardedSafetensors.INDEX).hasMessageContaining("does not exist");
      Files.writeString(index, "{\"weight_map\": {\"model.norm.weight\": \"../elsewhere.safetensors\"}}");
      assertThatThrownBy(() -> ModelDirectory.read(sharded, allocator))
          .hasMessageContaining("shards must be .safetensors files in the model directory");
    }
  }

  /** Two shards split by tensor order, with an HF-style index. */
  private static Path writeSharded(Path out, ModelSpec spec, WeightSet weights, BufferAllocator allocator)
      throws IOException {
    Files.createDirectories(out);
    List<String> names = List.copyOf(weights.names());
    StringBuilder map = new StringBuilder();
    for (int shard = 0; shard < 2; shard++) {
      String file = String.format("model-%05d-of-00002.safetensors", shard + 1);
      try (WeightSet part = WeightSet.create(allocator, "shard")) {
        for (int i = shard * names.size() / 2; i < (shard + 1) * names.size() / 2; i++) {
          part.allocate(names.get(i), weights.shape(names.get(i))).put(weights.floats(names.get(i)));
          map.append(map.length() == 0 ? "" : ",").append('"').append(names.get(i)).append("\": \"")
              .append(file).append('"');
        }
        SafetensorsWriter.write(out.resolve(file), part, Map.of("format", "pt"));
      }
    }
    AtomicFiles.writeString(out.resolve(ShardedSafetensors.INDEX), "{\"metadata\": {}, \"weight_map\": {" + map
        + "}}");
    AtomicFiles.writeString(out.resolve(ModelDirectory.CONFIG), HfConfig.toJson(spec));
    return out;
  }

  private static Logits logits(Path model, TokenBatch tokens, BufferAllocator allocator) {
    try (LoadedModel loaded = ModelDirectory.read(model, allocator);
        ForwardBackend backend = Backends.discover().open("onnx", loaded.spec(), loaded.weights(),
            BackendOptions.DEFAULT)) {
      return backend.logits(tokens, loaded.spec().fullPlan());
    }
  }
}
