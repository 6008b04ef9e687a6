package dev.nestedreft.api.checkpoint;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A model directory in Hugging Face layout: {@code config.json} and {@code model.safetensors} (or shards listed
 * in {@code model.safetensors.index.json}) with HF tensor names. Reading validates the config, the safetensors file
 * and every tensor shape against the config; writing replaces each file atomically.
 */
public final class ModelDirectory {
  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";

  private ModelDirectory() {}

  /** Reads {@code dir}; the caller owns the returned model and must close it. */
  public static LoadedModel read(Path dir, BufferAllocator allocator) {
    if (!Files.isDirectory(dir)) {
      throw InvalidInputException.of("%s: not a model directory (expected a directory with %s and %s)", dir,
          CONFIG, WEIGHTS);
    }
    ModelSpec spec = HfConfig.read(dir.resolve(CONFIG));
    Path index = dir.resolve(ShardedSafetensors.INDEX);
    boolean sharded = Files.exists(index) && !Files.exists(dir.resolve(WEIGHTS));
    Path file = sharded ? index : dir.resolve(WEIGHTS);
    List<String> notes = new ArrayList<>();
    WeightSet weights = sharded ? ShardedSafetensors.read(index, allocator, notes)
        : SafetensorsReader.read(file, allocator);
    try {
      List<String> extra = weights.validateAgainst(spec, file.toString());
      if (!extra.isEmpty()) {
        notes.add(String.format("%s: ignoring %d tensor(s) the config does not use: %s", file, extra.size(),
            extra.size() > 8 ? extra.subList(0, 8) + " ..." : extra));
      }
      return new LoadedModel(spec, weights, ImmutableList.copyOf(notes));
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  /**
   * Writes {@code spec} and {@code weights} to {@code dir} (created if needed), with {@code provenance} in the
   * safetensors metadata.
   */
  public static void write(Path dir, ModelSpec spec, WeightSet weights, Provenance provenance) {
    write(dir, spec, weights, provenance, DType.F32);
  }

  /** Like {@link #write(Path, ModelSpec, WeightSet, Provenance)}, storing tensors as {@code dtype}. */
  public static void write(Path dir, ModelSpec spec, WeightSet weights, Provenance provenance, DType dtype) {
    weights.validateAgainst(spec, "weights to save");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.putAll(provenance.entries());
    SafetensorsWriter.write(dir.resolve(WEIGHTS), weights, metadata, dtype);
    AtomicFiles.writeString(dir.resolve(CONFIG), HfConfig.toJson(spec));
  }
}
