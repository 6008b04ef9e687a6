package dev.nestedreft.api.contract;

import com.google.common.collect.ImmutableMap;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Params;
import java.util.Map;

/**
 * A named algorithm component and its parameters, such as the correction {@code tis} with {@code c=2}: written
 * {@code name} or {@code name:key=value,...} in configs and on the command line.
 *
 * @param kind what it is, for messages: {@code correction}, {@code behavior}, ...
 * @param name the registered name
 * @param params the parameters, in the order given
 */
public record Component(String kind, String name, Map<String, String> params) {
  public Component {
    params = ImmutableMap.copyOf(params);
  }

  /**
   * Parses {@code name} or {@code name:key=value,...}.
   *
   * @throws InvalidInputException for an empty name or an entry without {@code =}
   */
  public static Component parse(String kind, String text) {
    String[] parts = text.split(":", 2);
    String name = parts[0].trim();
    if (name.isEmpty()) {
      throw InvalidInputException.of("%s: expected name or name:key=value,..., got '%s'", kind, text);
    }
    Params params = Params.forComponent(kind, name, parts.length > 1 ? parts[1] : "");
    return new Component(kind, name, params.values());
  }

  /** The parameters as the component's factory takes them. */
  public Params toParams() {
    return Params.of(owner(), params);
  }

  /** How messages name it: {@code correction 'tis'}. */
  public String owner() {
    return kind + " '" + name + "'";
  }

  /** {@code name} or {@code name:key=value,...}: what {@link #parse} reads back. */
  public String text() {
    String p = toParams().toText();
    return p.isEmpty() ? name : name + ":" + p;
  }
}
