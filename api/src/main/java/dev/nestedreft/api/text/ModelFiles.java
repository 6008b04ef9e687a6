package dev.nestedreft.api.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the JSON files of a Hugging Face model directory; every error names the file. */
final class ModelFiles {
  static final String TOKENIZER_JSON = "tokenizer.json";
  static final String TOKENIZER_CONFIG_JSON = "tokenizer_config.json";
  static final String GENERATION_CONFIG_JSON = "generation_config.json";
  static final String CHAT_TEMPLATE_JINJA = "chat_template.jinja";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelFiles() {}

  /** The text of {@code file}, which must exist. */
  static String readRequired(Path file) {
    if (!Files.isRegularFile(file)) {
      throw InvalidInputException.of("%s: no such file (a Hugging Face model directory needs it)", file);
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /** The JSON object in {@code file}, which must exist. */
  static JsonNode readRequiredJson(Path file) {
    return parse(file, readRequired(file));
  }

  /** The JSON object in {@code file}, or empty when there is no such file. */
  static Optional<JsonNode> readOptionalJson(Path file) {
    return Files.isRegularFile(file) ? Optional.of(readRequiredJson(file)) : Optional.empty();
  }

  /** {@code text} parsed as a JSON object; errors name {@code file}. */
  static JsonNode parse(Path file, String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw InvalidInputException.of("%s: expected a JSON object at the top level", file);
    }
    return node;
  }

  /**
   * A special-token field of tokenizer_config.json: a string, an AddedToken object with {@code content}, or
   * absent/null (empty).
   */
  static Optional<String> tokenField(JsonNode config, String field, Path file) {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isTextual()) {
      return Optional.of(value.asText());
    }
    if (value.isObject() && value.path("content").isTextual()) {
      return Optional.of(value.get("content").asText());
    }
    throw InvalidInputException.of(
        "%s: field %s must be a string or an object with a string \"content\", got %s", file, field, value);
  }
}
