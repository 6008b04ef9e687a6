package dev.nestedreft.spi.backend;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Locale;

/** Where a backend runs its kernels. Asking for a device a backend cannot reach is an error, never a fallback. */
public enum Device {
  CPU,
  CUDA;

  public static Device parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of("unknown device '%s'; expected cpu or cuda", text);
    }
  }
}
