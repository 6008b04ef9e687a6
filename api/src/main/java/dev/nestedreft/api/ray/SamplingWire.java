package dev.nestedreft.api.ray;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.rollout.SamplingParams;

/**
 * {@link SamplingParams} as the JSON text an actor call carries: Ray's Java actor methods take at most five
 * arguments, too few for the parameters one by one. Doubles are written in their shortest round-tripping form, so
 * the actor sees exactly the caller's values.
 */
final class SamplingWire {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SamplingWire() {}

  static String toJson(SamplingParams p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("temperature", p.temperature());
    node.put("top_k", p.topK());
    node.put("top_p", p.topP());
    node.put("max_new_tokens", p.maxNewTokens());
    var stops = node.putArray("stop_token_ids");
    for (int id : p.stopTokenIds()) {
      stops.add(id);
    }
    node.put("seed", p.seed());
    return node.toString();
  }

  static SamplingParams fromJson(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("sampling parameters: not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode stops = field(node, "stop_token_ids");
    int[] stopIds = new int[stops.size()];
    for (int i = 0; i < stopIds.length; i++) {
      stopIds[i] = stops.get(i).intValue();
    }
    return new SamplingParams(field(node, "temperature").doubleValue(), field(node, "top_k").intValue(),
        field(node, "top_p").doubleValue(), field(node, "max_new_tokens").intValue(), stopIds,
        field(node, "seed").longValue());
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node == null ? null : node.get(name);
    if (value == null || value.isNull()) {
      throw InvalidInputException.of("sampling parameters: missing field '%s'", name);
    }
    return value;
  }
}
