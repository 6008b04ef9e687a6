package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;

/** {@code fixed}: the same nested plan every step, {@code {0, …, L − 1} \ S} for a given skip list {@code S}. */
final class FixedSkipPolicy extends SeededPolicy {
  static final String NAME = "fixed";

  private final int[] skip;

  /** Reads the skip list; range checks against the model happen at the draw. */
  FixedSkipPolicy(Params params, long seed) {
    super(NAME, params.owner(), seed);
    this.skip = parse(params);
  }

  private static int[] parse(Params params) {
    String text = params.getString("skip", "");
    params.require(!text.isBlank(), "skip", "is required: semicolon-separated layers such as 3;5");
    String[] parts = text.split(";", -1);
    int[] skip = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        skip[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw InvalidInputException.of("%s: parameter 'skip' must be semicolon-separated layer numbers such as "
            + "3;5, got '%s'", params.owner(), text);
      }
      params.require(skip[i] >= 0, "skip", "must list layers >= 0");
    }
    return skip;
  }

  @Override
  LayerPlan plan(long step, int layers) {
    try {
      return LayerPlan.skipping(layers, skip);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(owner + ": parameter 'skip': " + e.getMessage(), e);
    }
  }
}
