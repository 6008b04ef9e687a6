package dev.nestedreft.algos.behavior;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;

/**
 * The JSON envelope of a learning policy's saved state: an object whose field {@code policy} names the policy
 * that wrote it, so that a state handed to another policy is refused by name. Numbers are written with Jackson's
 * shortest round-tripping form of a {@code double} and read back with {@link Double#parseDouble}, so a state
 * round-trips bit for bit.
 */
final class PolicyState {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyState() {}

  /** A new state object of {@code policy}: {@code {"policy": "<policy>"}}. */
  static ObjectNode start(String policy) {
    return JSON.createObjectNode().put("policy", policy);
  }

  static String write(ObjectNode state) {
    try {
      return JSON.writeValueAsString(state);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a state that {@link #write} wrote for {@code policy}.
   *
   * @param where names the state in messages: {@code "behavior 'adaptive' state"}
   * @throws InvalidInputException naming {@code where} when the text is not JSON, not an object, or another
   *     policy's state
   */
  static JsonNode read(String text, String policy, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw InvalidInputException.of("%s: not JSON: %s", where, e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of("%s: must be a JSON object, got '%s'", where, abbreviate(text));
    }
    JsonNode name = root.get("policy");
    if (name == null || !name.isTextual() || !name.asText().equals(policy)) {
      throw InvalidInputException.of("%s: field 'policy' must be '%s', got %s", where, policy,
          name == null ? "none" : name.toString());
    }
    return root;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
