package dev.nestedreft.spi.algo;

import com.google.common.collect.ImmutableMap;
import dev.nestedreft.spi.InvalidInputException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The string parameters of a named component (a correction, a behavior policy, a reward, an estimator), such as
 * {@code c=2.0} for {@code tis}. Typed getters fail with a message naming the component and the parameter.
 *
 * @param owner the component, for messages, e.g. {@code "correction 'tis'"}
 * @param values the raw values
 */
public record Params(String owner, ImmutableMap<String, String> values) {
  public Params {
    values = ImmutableMap.copyOf(values);
  }

  public static Params of(String owner, Map<String, String> values) {
    return new Params(owner, ImmutableMap.copyOf(values));
  }

  public static Params none(String owner) {
    return new Params(owner, ImmutableMap.of());
  }

  /**
   * The parameters of the component {@code name} of a kind, parsed from {@code text} ({@link #parse}) and owned as
   * {@code <kind> '<name>'}, such as {@code correction 'tis'}: the owner every message of the project uses.
   *
   * @param kind {@code behavior}, {@code correction}, {@code advantage}, {@code reward}, ...
   * @throws InvalidInputException for an entry without {@code =}
   */
  public static Params forComponent(String kind, String name, String text) {
    return parse(kind + " '" + name + "'", text);
  }

  /**
   * Parses {@code key=value,key=value}; an empty string gives no parameters.
   *
   * @throws InvalidInputException for an entry without {@code =}
   */
  public static Params parse(String owner, String text) {
    ImmutableMap.Builder<String, String> out = ImmutableMap.builder();
    if (text != null && !text.isBlank()) {
      for (String entry : text.split(",")) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          throw InvalidInputException.of("%s: parameter '%s' must look like name=value", owner, entry.trim());
        }
        out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
      }
    }
    return new Params(owner, out.buildKeepingLast());
  }

  /** The {@code name=value,...} text {@link #parse} reads back. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    values.forEach((k, v) -> {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(k).append('=').append(v);
    });
    return out.toString();
  }

  /** Refuses parameters outside {@code allowed}, listing the allowed ones. */
  public Params allowOnly(String... allowed) {
    Set<String> names = Set.of(allowed);
    for (String key : values.keySet()) {
      if (!names.contains(key)) {
        throw InvalidInputException.of("%s: unknown parameter '%s'; allowed: %s", owner, key,
            names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names)));
      }
    }
    return this;
  }

  public double getDouble(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw InvalidInputException.of("%s: parameter '%s' must be a finite number, got '%s'", owner, name, v);
    }
  }

  public int getInt(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw InvalidInputException.of("%s: parameter '%s' must be an integer, got '%s'", owner, name, v);
    }
  }

  public boolean getBoolean(String name, boolean fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw InvalidInputException.of("%s: parameter '%s' must be true or false, got '%s'", owner, name, v);
  }

  public String getString(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** A check of a caller's value: throws naming the parameter when {@code ok} is false. */
  public void require(boolean ok, String name, String expectation) {
    if (!ok) {
      throw InvalidInputException.of("%s: parameter '%s' %s, got '%s'", owner, name, expectation,
          values.getOrDefault(name, "(default)"));
    }
  }
}
