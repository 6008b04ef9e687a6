package dev.nestedreft.api.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The token ids of a Hugging Face {@code generation_config.json}: {@code bos_token_id} and {@code eos_token_id}
 * (one id or a list of ids; generation stops at any of them).
 */
public record GenerationConfig(Optional<Integer> bosTokenId, ImmutableList<Integer> eosTokenIds) {
  public static final String FILE = "generation_config.json";

  /** Reads {@code dir/generation_config.json}; empty when the file is absent. */
  public static Optional<GenerationConfig> read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of("%s: expected a JSON object", file);
    }
    Optional<Integer> bos = Optional.empty();
    JsonNode b = root.get("bos_token_id");
    if (b != null && !b.isNull()) {
      if (!b.canConvertToInt() || !b.isIntegralNumber()) {
        throw InvalidInputException.of("%s: field 'bos_token_id' must be an integer, got %s", file, b);
      }
      bos = Optional.of(b.intValue());
    }
    ImmutableList.Builder<Integer> eos = ImmutableList.builder();
    JsonNode e = root.get("eos_token_id");
    if (e != null && !e.isNull()) {
      for (JsonNode id : e.isArray() ? e : java.util.List.of(e)) {
        if (!id.isIntegralNumber() || !id.canConvertToInt()) {
          throw InvalidInputException.of("%s: field 'eos_token_id' must be an integer or a list of integers, got %s",
              file, e);
        }
        eos.add(id.intValue());
      }
    }
    return Optional.of(new GenerationConfig(bos, eos.build()));
  }
}
