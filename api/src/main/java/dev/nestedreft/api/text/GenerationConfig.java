package dev.nestedreft.api.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The token ids of a Hugging Face {@code generation_config.json}: {@code bos_token_id}, {@code eos_token_id} and
 * {@code pad_token_id}, each one id or a list of ids (generation stops at any eos id). The one reader of that file;
 * {@link SpecialTokens} falls back to it. Ids are not checked against a vocabulary here.
 *
 * @param bosTokenIds the bos ids, empty when the file names none
 * @param eosTokenIds the eos ids, empty when the file names none
 * @param padTokenIds the pad ids, empty when the file names none
 */
public record GenerationConfig(
    ImmutableList<Integer> bosTokenIds, ImmutableList<Integer> eosTokenIds, ImmutableList<Integer> padTokenIds) {
  public static final String FILE = ModelFiles.GENERATION_CONFIG_JSON;

  public GenerationConfig {
    bosTokenIds = ImmutableList.copyOf(bosTokenIds);
    eosTokenIds = ImmutableList.copyOf(eosTokenIds);
    padTokenIds = ImmutableList.copyOf(padTokenIds);
  }

  /**
   * Reads {@code dir/generation_config.json}; empty when the file is absent.
   *
   * @throws InvalidInputException naming the file when it is not a JSON object or an id field is not an integer or
   *     a list of integers
   */
  public static Optional<GenerationConfig> read(Path dir) {
    Path file = dir.resolve(FILE);
    return ModelFiles.readOptionalJson(file).map(root -> new GenerationConfig(ids(root, "bos_token_id", file),
        ids(root, "eos_token_id", file), ids(root, "pad_token_id", file)));
  }

  /** The ids of {@code field}: absent or null gives none, one integer gives one, a list gives its elements. */
  private static ImmutableList<Integer> ids(JsonNode root, String field, Path file) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<Integer> ids = ImmutableList.builder();
    for (JsonNode id : value.isArray() ? value : List.of(value)) {
      if (!id.isIntegralNumber() || !id.canConvertToInt()) {
        throw InvalidInputException.of("%s: field '%s' must be an integer or a list of integers, got %s", file, field,
            value);
      }
      ids.add(id.intValue());
    }
    return ids.build();
  }
}
