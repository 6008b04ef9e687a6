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
      save(state, learner.optimizerStep(), file);
    }
  }

  /** Writes {@code state} (the moments) and {@code step} to {@code file}. */
  public static void save(WeightSet state, long step, Path file) {
    SafetensorsWriter.write(file, state, Map.of(STEP_KEY, Long.toString(step)));
  }

  /** The step count recorded in {@code file}. */
  public static long step(Path file) {
    String step = SafetensorsReader.header(file).metadata().get(STEP_KEY);
    try {
      return Long.parseLong(step);
    } catch (NumberFormatException | NullPointerException e) {
      throw InvalidInputException.of("%s: metadata '%s' must be the optimiser step count, got %s", file, STEP_KEY,
          step);
    }
  }

  /** Restores the state in {@code file} into {@code learner}. */
  public static void restore(LearnerBackend learner, Path file, BufferAllocator allocator) {
    long parsed = step(file);
    try (WeightSet state = SafetensorsReader.read(file, allocator)) {
      learner.restoreOptimizerState(state, parsed);
    }
  }
}
