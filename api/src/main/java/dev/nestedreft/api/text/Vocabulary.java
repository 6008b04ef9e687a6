package dev.nestedreft.api.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The token-to-id table of a {@code tokenizer.json}: the model's vocabulary (a map for WordLevel, BPE and
 * WordPiece, a list of {@code [piece, score]} for Unigram) plus the {@code added_tokens}. The native library has no
 * vocabulary-size query, so it is read from here.
 */
final class Vocabulary {
  private final Map<String, Integer> ids;
  private final int size;
  private final OptionalInt unknownId;

  private Vocabulary(Map<String, Integer> ids, int size, OptionalInt unknownId) {
    this.ids = ids;
    this.size = size;
    this.unknownId = unknownId;
  }

  static Vocabulary of(JsonNode tokenizerJson, Path file) {
    Map<String, Integer> ids = new HashMap<>();
    JsonNode model = tokenizerJson.path("model");
    JsonNode vocab = model.path("vocab");
    if (vocab.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ids.put(e.getKey(), id(e.getValue(), file, "model.vocab." + e.getKey()));
      }
    } else if (vocab.isArray()) {
      for (int i = 0; i < vocab.size(); i++) {
        ids.put(vocab.get(i).path(0).asText(), i);
      }
    } else {
      throw InvalidInputException.of("%s: model.vocab must be an object or an array", file);
    }
    for (JsonNode added : tokenizerJson.path("added_tokens")) {
      ids.put(added.path("content").asText(), id(added.get("id"), file, "added_tokens[].id"));
    }
    if (ids.isEmpty()) {
      throw InvalidInputException.of("%s: the vocabulary is empty", file);
    }
    int size = ids.values().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
    OptionalInt unknownId = OptionalInt.empty();
    JsonNode unk = model.get("unk_token");
    if (unk != null && unk.isTextual() && ids.containsKey(unk.asText())) {
      unknownId = OptionalInt.of(ids.get(unk.asText()));
    } else if (unk != null && unk.isInt()) {
      unknownId = OptionalInt.of(unk.asInt()); // Unigram stores unk_id as an index
    } else if (model.path("unk_id").isInt()) {
      unknownId = OptionalInt.of(model.get("unk_id").asInt());
    }
    return new Vocabulary(ids, size, unknownId);
  }

  private static int id(JsonNode node, Path file, String where) {
    if (node == null || !node.canConvertToInt() || node.asInt() < 0) {
      throw InvalidInputException.of("%s: %s must be a non-negative integer id", file, where);
    }
    return node.asInt();
  }

  /** One more than the largest id. */
  int size() {
    return size;
  }

  /** The id of {@code token}, if it is in the vocabulary or the added tokens. */
  OptionalInt idOf(String token) {
    Integer id = ids.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The id unknown text maps to, where the model has one. */
  OptionalInt unknownId() {
    return unknownId;
  }
}
