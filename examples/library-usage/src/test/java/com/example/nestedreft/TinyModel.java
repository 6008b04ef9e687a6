package com.example.nestedreft;

import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** What {@code nested-reft init --preset tiny --seed 7 --out DIR} writes: the tiny preset with seeded weights. */
final class TinyModel {
  static final ModelSpec SPEC = ModelPresets.get("tiny");

  private TinyModel() {}

  /** Writes the model directory {@code dir} and returns it. */
  static Path write(Path dir) {
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(SPEC, 7, allocator)) {
      ModelDirectory.write(dir, SPEC, weights, Provenance.of(Map.of("nested_reft.preset", "tiny")));
    }
    return dir;
  }
}
