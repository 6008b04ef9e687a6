package dev.nestedreft.spi;

/**
 * The one unchecked exception family of the project. Messages name the input (file, field, tensor, layer) and
 * say what was expected, so that the command line can print them as a single line without a stack trace.
 */
public class NestedReftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NestedReftException(String message) {
    super(message);
  }

  public NestedReftException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Formats with {@link String#format}; a convenience for the many call sites that build messages. */
  public static NestedReftException of(String format, Object... args) {
    return new NestedReftException(String.format(format, args));
  }
}
