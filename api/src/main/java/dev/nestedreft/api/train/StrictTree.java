package dev.nestedreft.api.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.nestedreft.spi.InvalidInputException;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the text of a config file into a tree, refusing what Jackson would otherwise accept silently: a duplicate
 * key (Jackson keeps the last), a second YAML document or JSON value (Jackson reads the first), and a YAML alias
 * (Jackson's YAML parser returns an alias as the anchor's <em>name</em>, so {@code name: *reft} would name the run
 * "reft"). Anchors on mappings and lists are refused too; Jackson does not report an anchor on a plain value, which
 * without an alias changes nothing. A first pass walks the tokens and collects every such problem with its line;
 * only a text without any is turned into a tree.
 */
final class StrictTree {
  /** More problems than this are not listed; the count still says how many the walk stopped at. */
  static final int MAX_PROBLEMS = 20;

  /** Marks an open array, whose elements have no keys. */
  private static final Map<String, Integer> NO_KEYS = Map.of();

  private StrictTree() {}

  /**
   * The tree of {@code text}; null for a text with no document (an empty file).
   *
   * @param yaml YAML when true, JSON otherwise
   * @param source the file, for messages
   * @throws InvalidInputException naming {@code source} and every problem found, each with its line
   */
  static JsonNode parse(String text, boolean yaml, String source) {
    JsonFactory factory = yaml ? new YAMLFactory() : new JsonFactory();
    String language = yaml ? "YAML" : "JSON";
    Seq<String> problems = walk(factory, text, yaml, language);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(source + ": " + ConfigCheck.describe(problems));
    }
    try {
      JsonNode root = new ObjectMapper(factory).readTree(text);
      return root == null || root.isMissingNode() ? null : root;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(source + ": not valid " + language + ": " + describe(e), e);
    }
  }

  private static Seq<String> walk(JsonFactory factory, String text, boolean yaml, String language) {
    Seq<String> problems = Vector.empty();
    // One entry per open object (its keys and the line each was first seen on), null for an open array.
    Deque<Map<String, Integer>> open = new ArrayDeque<>();
    int documents = 0;
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null && problems.size() < MAX_PROBLEMS) {
        int line = parser.currentLocation().getLineNr();
        if (open.isEmpty() && ++documents == 2) {
          problems = problems.append(String.format("line %d: a second %s; a config file holds one mapping", line,
              yaml ? "YAML document" : "JSON value"));
        }
        if (yaml) {
          YAMLParser y = (YAMLParser) parser;
          if (y.isCurrentAlias()) {
            problems = problems.append(String.format("line %d: alias '*%s': YAML aliases and anchors are not "
                + "accepted; write the value out", line, parser.getText()));
          }
          String anchor = token.isStructStart() ? anchorOf(y) : null;
          if (anchor != null) {
            problems = problems.append(String.format("line %d: anchor '&%s': YAML aliases and anchors are not "
                + "accepted; write the value out", line, anchor));
          }
        }
        switch (token) {
          case START_OBJECT -> open.push(new HashMap<>());
          case START_ARRAY -> open.push(NO_KEYS);
          case END_OBJECT, END_ARRAY -> open.pop();
          case FIELD_NAME -> {
            Integer first = open.peek().putIfAbsent(parser.currentName(), line);
            if (first != null) {
              problems = problems.append(String.format("line %d: duplicate key '%s' (first at line %d)", line,
                  parser.currentName(), first));
            }
          }
          default -> { }
        }
      }
    } catch (JsonProcessingException e) {
      problems = problems.append("not valid " + language + ": " + describe(e));
    } catch (IOException e) {
      problems = problems.append("cannot be read as " + language + ": " + e.getMessage());
    }
    return problems;
  }

  @SuppressWarnings("deprecation") // the anchor has no other accessor in jackson-dataformat-yaml 2.x
  private static String anchorOf(YAMLParser parser) {
    return parser.getCurrentAnchor();
  }

  /** Jackson's message without its source excerpt, with the line and column where it stopped. */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
        : e.getOriginalMessage().lines().findFirst().orElse("").strip();
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? message
        : String.format("%s (line %d, column %d)", message, at.getLineNr(), at.getColumnNr());
  }
}
