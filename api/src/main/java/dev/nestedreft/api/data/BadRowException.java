package dev.nestedreft.api.data;

/** Why one row cannot be loaded; the loader adds the file and line. Never leaves this package. */
final class BadRowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRowException(String message) {
    super(message, null, false, false);
  }

  static BadRowException of(String format, Object... args) {
    return new BadRowException(String.format(format, args));
  }
}
