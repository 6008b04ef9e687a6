package dev.nestedreft.api.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A model directory in Hugging Face layout: {@code config.json} and {@code model.safetensors} (or shards listed
 * in {@code model.safetensors.index.json}) with HF tensor names. Reading validates the config, the safetensors file,
 * that the tensors are exactly those the config implies ({@link ModelTensors}) and every shape against the config;
 * writing replaces each file atomically.
 */
public final class ModelDirectory {
  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";

  /** A checkpoint's files beside the model ({@code Checkpoints} in the api's train package writes them). */
  private static final List<String> STALE_FILES = List.of("state.json", "optimizer.safetensors",
      ShardedSafetensors.INDEX);

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
      notes.addAll(ModelTensors.check(weights.names(), spec, file.toString()));
      weights.validateAgainst(spec, file.toString());
      return new LoadedModel(spec, weights, ImmutableList.copyOf(notes));
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  /**
   * Deletes the files in {@code dir} that describe another model's state and would not match new weights written
   * there: a checkpoint's {@code state.json} and {@code optimizer.safetensors}, and a sharded index with the shards
   * it lists (plain file names only). {@code config.json}, {@code model.safetensors} and the tokenizer files are left
   * for the writer to replace or keep.
   *
   * @return the files deleted
   */
  public static List<Path> deleteStaleFiles(Path dir) {
    List<Path> stale = new ArrayList<>();
    for (String name : STALE_FILES) {
      stale.add(dir.resolve(name));
    }
    Path index = dir.resolve(ShardedSafetensors.INDEX);
    if (Files.isRegularFile(index)) {
      try {
        new ObjectMapper().readTree(index.toFile()).path("weight_map").forEach(shard -> {
          if (shard.isTextual() && shard.textValue().matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.safetensors")
              && !shard.textValue().equals(WEIGHTS)) {
            stale.add(dir.resolve(shard.textValue()));
          }
        });
      } catch (IOException e) {
        // an unreadable index goes as it is; its shards stay
      }
    }
    List<Path> deleted = new ArrayList<>();
    for (Path file : stale.stream().distinct().toList()) {
      try {
        if (Files.deleteIfExists(file)) {
          deleted.add(file);
        }
      } catch (IOException e) {
        throw new InvalidInputException(file + ": cannot delete it: " + e.getMessage(), e);
      }
    }
    return deleted;
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
