package dev.nestedreft.api.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Hugging Face's sharded checkpoints: {@code model.safetensors.index.json} maps every tensor name to the shard file
 * that holds it ({@code weight_map}). Each shard is read and validated like a single file; the index must name
 * files inside the model directory, every mapped tensor must be in its shard, and no tensor may come twice.
 */
public final class ShardedSafetensors {
  public static final String INDEX = "model.safetensors.index.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardedSafetensors() {}

  /** Reads every shard listed by {@code index} into one weight set; the caller owns it. */
  public static WeightSet read(Path index, BufferAllocator allocator, List<String> warnings) {
    JsonNode root;
    try {
      root = JSON.readTree(index.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(index + ": not a valid JSON index: " + e.getMessage(), e);
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw InvalidInputException.of("%s: missing or empty 'weight_map' object", index);
    }
    Path dir = index.toAbsolutePath().getParent();
    Map<String, String> tensorToFile = new LinkedHashMap<>();
    Set<String> files = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw InvalidInputException.of("%s: weight_map entry '%s' must be a file name", index, e.getKey());
      }
      String file = e.getValue().textValue();
      Path resolved = dir.resolve(file).normalize();
      if (!resolved.getParent().equals(dir) || !file.endsWith(".safetensors")) {
        throw InvalidInputException.of("%s: weight_map entry '%s' names '%s'; shards must be .safetensors files "
            + "in the model directory", index, e.getKey(), file);
      }
      tensorToFile.put(e.getKey(), file);
      files.add(file);
    }
    WeightSet out = WeightSet.create(allocator, "sharded:" + dir.getFileName());
    try {
      for (String file : files) {
        Path shard = dir.resolve(file);
        if (!Files.exists(shard)) {
          throw InvalidInputException.of("%s: shard '%s' listed in the index does not exist", index, file);
        }
        try (WeightSet part = SafetensorsReader.read(shard, allocator)) {
          List<String> unmapped = new ArrayList<>();
          for (String name : part.names()) {
            if (!file.equals(tensorToFile.get(name))) {
              unmapped.add(name);
              continue;
            }
            if (out.contains(name)) {
              throw InvalidInputException.of("%s: tensor '%s' appears in more than one shard", index, name);
            }
            out.allocate(name, part.shape(name)).put(part.floats(name));
          }
          if (!unmapped.isEmpty()) {
            warnings.add(String.format("%s: ignoring %d tensor(s) the index does not map to this shard: %s", shard,
                unmapped.size(), unmapped.size() > 8 ? unmapped.subList(0, 8) + " ..." : unmapped));
          }
        }
      }
      for (Map.Entry<String, String> e : tensorToFile.entrySet()) {
        if (!out.contains(e.getKey())) {
          throw InvalidInputException.of("%s: tensor '%s' is mapped to '%s' but that shard does not hold it", index,
              e.getKey(), e.getValue());
        }
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
