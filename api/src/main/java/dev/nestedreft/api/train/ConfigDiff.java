package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The fields in which two configs differ, compared as {@code config.json} writes them ({@link ConfigFields#toTree}),
 * in the table's order. {@code train --resume} refuses most changes with it, and {@code compare --reuse-finished}
 * keeps only a run without any.
 */
public final class ConfigDiff {
  private ConfigDiff() {}

  /**
   * One changed field.
   *
   * @param field the field as configs spell it
   * @param was its value in the first config, as JSON
   * @param now its value in the second config, as JSON
   */
  public record Change(String field, JsonNode was, JsonNode now) {
    /** {@code seed 7 -> 8}. */
    public String describe() {
      return field + " " + was + " -> " + now;
    }
  }

  /** Every field whose value differs from {@code was} to {@code now}. */
  public static List<Change> between(TrainConfig was, TrainConfig now) {
    ObjectNode a = ConfigFields.toTree(was);
    ObjectNode b = ConfigFields.toTree(now);
    List<Change> out = new ArrayList<>();
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!b.get(field).equals(a.get(field))) {
        out.add(new Change(field, a.get(field), b.get(field)));
      }
    }
    return out;
  }
}
