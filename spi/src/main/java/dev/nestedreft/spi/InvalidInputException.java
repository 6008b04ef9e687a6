package dev.nestedreft.spi;

/**
 * Bad input supplied by a user: a malformed file, a config field of the wrong type, an invalid layer plan. The
 * message names the file, field or tensor and what was expected; nothing was modified when it is thrown.
 */
public class InvalidInputException extends NestedReftException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  public static InvalidInputException of(String format, Object... args) {
    return new InvalidInputException(String.format(format, args));
  }
}
