package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * What a listing shows of one parameter a component accepts: its name, its default as it would be written in
 * {@code name=value} form (empty when the parameter has none: it is required, or off unless given), and a line that
 * says what the value means or must satisfy (may be empty). {@link ParamSpec#info()} gives these for a declaration;
 * {@code nested-reft plugins} prints them.
 *
 * @param name the parameter's name, such as {@code c}
 * @param defaultValue the default's spelling, such as {@code 2}
 * @param description such as {@code must be > 0}; empty when there is nothing to say
 */
public record ParamInfo(String name, Optional<String> defaultValue, String description) {
  public ParamInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
    checkArgument(!name.isBlank(), "a parameter needs a name");
  }

  /** A parameter known only by its name. */
  public static ParamInfo of(String name) {
    return new ParamInfo(name, Optional.empty(), "");
  }

  /** A parameter with a default ({@code null}: none) and a description. */
  public static ParamInfo of(String name, String defaultValue, String description) {
    return new ParamInfo(name, Optional.ofNullable(defaultValue), description);
  }

  /**
   * A number as a user writes it: the shortest form that reads back as {@code value}, without a trailing
   * {@code .0}: {@code 2}, {@code 0.2}, {@code 3e-4}, {@code 1e-6}.
   */
  public static String format(double value) {
    String text = Double.toString(value); // shortest round-tripping digits: 2.0, 0.2, 3.0E-4
    int exponent = text.indexOf('E');
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    return exponent < 0 ? mantissa : mantissa + "e" + text.substring(exponent + 1);
  }

  /** For listings: {@code c=2 (must be > 0)}, {@code skip}. */
  @Override
  public String toString() {
    return name + defaultValue.map(v -> "=" + v).orElse("") + (description.isEmpty() ? "" : " (" + description + ")");
  }
}
