package dev.nestedreft.cli;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.LayerPlan;

/** Parses {@code --skip 3,5} into a layer plan. */
final class Skips {
  private Skips() {}

  static LayerPlan plan(int numLayers, String skip) {
    if (skip == null || skip.isBlank()) {
      return LayerPlan.full(numLayers);
    }
    return LayerPlan.skipping(numLayers, ints("--skip", skip));
  }

  static int[] ints(String option, String text) {
    String[] parts = text.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw InvalidInputException.of("%s: '%s' is not an integer (expected a comma-separated list such as 1,2,3)",
            option, parts[i].trim());
      }
    }
    return out;
  }
}
