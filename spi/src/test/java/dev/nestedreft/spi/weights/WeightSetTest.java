package dev.nestedreft.spi.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class WeightSetTest {
  @Test
  void initializationIsSeededAndFollowsHf() {
    ModelSpec spec = ModelPresets.get("micro");
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet a = WeightInitializer.initialize(spec, 7, allocator);
        WeightSet b = WeightInitializer.initialize(spec, 7, allocator);
        WeightSet c = WeightInitializer.initialize(spec, 8, allocator)) {
      assertThat(a.names()).containsExactlyElementsOf(WeightNames.expected(spec).keySet());
      assertThat(a.toArray(WeightNames.EMBED)).isEqualTo(b.toArray(WeightNames.EMBED));
      assertThat(a.toArray(WeightNames.EMBED)).isNotEqualTo(c.toArray(WeightNames.EMBED));
      assertThat(a.toArray(WeightNames.FINAL_NORM)).containsOnly(1f);
      float[] q = a.toArray(WeightNames.weight(0, WeightNames.Q_PROJ));
      double sum = 0;
      double squares = 0;
      for (float v : q) {
        sum += v;
        squares += v * v;
      }
      double std = Math.sqrt(squares / q.length - Math.pow(sum / q.length, 2));
      assertThat(std).isBetween(0.018, 0.022);
      assertThat(a.validateAgainst(spec, "x")).isEmpty();
    }
  }

  @Test
  void copiesAreIndependentAndEverythingIsFreed() {
    try (BufferAllocator allocator = new RootAllocator()) {
      WeightSet original = WeightSet.create(allocator, "w");
      original.put("t", new long[] {2, 2}, new float[] {1, 2, 3, 4});
      WeightSet copy = original.copy("copy");
      original.close();
      assertThat(copy.toArray("t")).containsExactly(1, 2, 3, 4);
      assertThat(allocator.getAllocatedMemory()).isPositive();
      copy.close();
      assertThat(allocator.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void missingAndMisshapedTensorsAreNamed() {
    ModelSpec spec = ModelPresets.get("micro");
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightSet.create(allocator, "w")) {
      assertThatThrownBy(() -> weights.validateAgainst(spec, "f.safetensors"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("f.safetensors: missing tensor 'model.embed_tokens.weight'");
      weights.put(WeightNames.EMBED, new long[] {2, 2}, new float[4]);
      assertThatThrownBy(() -> weights.validateAgainst(spec, "f"))
          .hasMessageContaining("tensor 'model.embed_tokens.weight' has shape [2, 2], but the config implies [64, 32]");
      assertThatThrownBy(() -> weights.toArray("nope")).hasMessageContaining("no tensor named 'nope'");
    }
  }
}
