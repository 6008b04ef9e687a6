package dev.nestedreft.api.checkpoint;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A learner's AdamW state as a safetensors file: the moments as tensors {@code adam.m/<name>} and
 * {@code adam.v/<name>}, the step count in the metadata ({@code optimizer_step}). Written atomically.
 */
public final class OptimizerStateFile {
  public static final String STEP_KEY = "optimizer_step";

  private OptimizerStateFile() {}

  public static void save(LearnerBackend learner, Path file, BufferAllocator allocator) {
    try (WeightSet state = learner.exportOptimizerState(allocator)) {
      SafetensorsWriter.write(file, state, Map.of(STEP_KEY, Long.toString(learner.optimizerStep())));
    }
  }

  /** Restores the state in {@code file} into {@code learner}. */
  public static void restore(LearnerBackend learner, Path file, BufferAllocator allocator) {
    String step = SafetensorsReader.header(file).metadata().get(STEP_KEY);
    long parsed;
    try {
      parsed = Long.parseLong(step);
    } catch (NumberFormatException | NullPointerException e) {
      throw InvalidInputException.of("%s: metadata '%s' must be the optimiser step count, got %s", file, STEP_KEY,
          step);
    }
    try (WeightSet state = SafetensorsReader.read(file, allocator)) {
      learner.restoreOptimizerState(state, parsed);
    }
  }
}
