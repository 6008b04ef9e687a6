package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Locale;

/**
 * Per-token estimators of KL(π_θ ‖ π_ref) from a sample of π_θ, with {@code r = log π_ref − log π_θ}:
 * k1 = {@code −r}, k2 = {@code r²/2}, k3 = {@code e^r − 1 − r} (Schulman's estimators).
 */
public enum KlEstimator {
  K1,
  K2,
  K3;

  public static KlEstimator parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "k1" -> K1;
      case "k2" -> K2;
      case "k3" -> K3;
      default -> throw InvalidInputException.of("unknown KL estimator '%s'; expected k1, k2 or k3", text);
    };
  }
}
