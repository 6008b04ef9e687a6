package dev.nestedreft.spi.algo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link LayerCosts}, as {@code probe-layers --json} writes it and the {@code probed} policy's
 * {@code probe=FILE} reads it: {@code {"num_layers": 8, "full": {...}, "layers": [{"layer": 1, "kl": …, "k1": …,
 * "ess": …, "reward": …, "tokens_per_s": …}, …]}}. Other top-level fields (a probe's skip-set searches, its
 * settings) are kept by writers and ignored here. Non-finite figures are written as the strings {@code "NaN"} and
 * {@code "Infinity"}.
 */
public final class LayerCostsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayerCostsJson() {}

  /** The object for {@code costs}; a writer may add fields to it. */
  public static ObjectNode toTree(LayerCosts costs) {
    ObjectNode root = JSON.createObjectNode().put("num_layers", costs.numLayers());
    root.set("full", row(costs.full()));
    ArrayNode layers = root.putArray("layers");
    costs.layers().forEach(c -> layers.add(row(c)));
    return root;
  }

  /** One row: {@code layer, kl, k1, ess, reward, tokens_per_s}. */
  public static ObjectNode row(LayerCost c) {
    ObjectNode row = JSON.createObjectNode().put("layer", c.layer());
    number(row, "kl", c.kl());
    number(row, "k1", c.k1());
    number(row, "ess", c.ess());
    number(row, "reward", c.reward());
    number(row, "tokens_per_s", c.tokensPerSecond());
    return row;
  }

  public static String toJson(LayerCosts costs) {
    try {
      return JSON.writeValueAsString(toTree(costs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses {@code text}; {@code source} names it in errors (a file, or "the saved policy state").
   *
   * @throws InvalidInputException naming the source and the field when the text is not a layer probe
   */
  public static LayerCosts parse(String text, String source) {
    try {
      return fromTree(JSON.readTree(text), source);
    } catch (IOException e) {
      throw InvalidInputException.of("%s: not a layer probe (JSON): %s", source, e.getMessage());
    }
  }

  /** Reads a probe file. */
  public static LayerCosts read(Path file) {
    try {
      return fromTree(JSON.readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw InvalidInputException.of("%s: cannot read the layer probe: %s", file, e.getMessage());
    }
  }

  /** The costs in {@code root}, an object of the form above. */
  public static LayerCosts fromTree(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of("%s: a layer probe must be a JSON object", source);
    }
    JsonNode n = root.get("num_layers");
    if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
      throw InvalidInputException.of("%s: field 'num_layers' must be a positive integer", source);
    }
    JsonNode layers = root.get("layers");
    if (layers == null || !layers.isArray()) {
      throw InvalidInputException.of("%s: field 'layers' must be an array of rows", source);
    }
    List<LayerCost> rows = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      rows.add(cost(layers.get(i), source + ": layers[" + i + "]"));
    }
    try {
      return new LayerCosts(n.asInt(), rows, cost(root.get("full"), source + ": full"));
    } catch (InvalidInputException e) {
      throw InvalidInputException.of("%s: %s", source, e.getMessage());
    }
  }

  private static LayerCost cost(JsonNode row, String where) {
    if (row == null || !row.isObject()) {
      throw InvalidInputException.of("%s: must be an object with fields layer, kl, k1, ess, reward, tokens_per_s",
          where);
    }
    JsonNode layer = row.get("layer");
    if (layer == null || !layer.canConvertToInt() || !layer.isIntegralNumber()) {
      throw InvalidInputException.of("%s: field 'layer' must be an integer", where);
    }
    return new LayerCost(layer.asInt(), number(row, "kl", where), number(row, "k1", where),
        number(row, "ess", where), number(row, "reward", where), number(row, "tokens_per_s", where));
  }

  private static double number(JsonNode row, String field, String where) {
    JsonNode v = row.get(field);
    if (v != null && v.isNumber()) {
      return v.asDouble();
    }
    if (v != null && v.isTextual()) {
      switch (v.asText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw InvalidInputException.of("%s: field '%s' must be a number", where, field);
  }

  private static void number(ObjectNode row, String field, double value) {
    if (Double.isFinite(value)) {
      row.put(field, value);
    } else {
      row.put(field, Double.toString(value));
    }
  }
}
