package dev.nestedreft.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Typed access to the fields of a row, throwing {@link BadRowException} with the field's name. */
final class RowFields {
  private RowFields() {}

  /** The field {@code name}, present and not null. */
  static JsonNode require(ObjectNode row, String name) {
    JsonNode node = row.get(name);
    if (node == null) {
      throw BadRowException.of("missing field '%s' (the row has %s)", name, names(row));
    }
    if (node.isNull()) {
      throw BadRowException.of("field '%s' is null", name);
    }
    return node;
  }

  /** The string field {@code name}, not blank. */
  static String text(ObjectNode row, String name) {
    JsonNode node = require(row, name);
    if (!node.isTextual()) {
      throw BadRowException.of("field '%s' must be a string, not %s", name, type(node));
    }
    if (node.textValue().isBlank()) {
      throw BadRowException.of("field '%s' is blank", name);
    }
    return node.textValue();
  }

  /** The numeric field {@code name}, written as {@link #plain(BigDecimal)} does. */
  static String number(ObjectNode row, String name) {
    JsonNode node = require(row, name);
    if (!node.isNumber()) {
      throw BadRowException.of("field '%s' must be a number, not %s", name, type(node));
    }
    return plain(node.decimalValue());
  }

  /** {@code value} without exponent or trailing zeros: 12.0 is "12", 2.50 is "2.5", 1E+3 is "1000". */
  static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  /** The JSON type of {@code node}, in words. */
  static String type(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  static List<String> names(ObjectNode row) {
    List<String> out = new ArrayList<>();
    row.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
