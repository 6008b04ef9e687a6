package dev.nestedreft.api;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.List;

/**
 * Deterministic layer choices for commands that take a skip fraction rather than a list: {@code k = round(f * L)}
 * layers spread evenly over the interior layers {@code 1 .. L-2} (the first and last layers are kept, as the
 * Nested-ReFT behavior policies do by default).
 */
public final class SkipSelection {
  private SkipSelection() {}

  /** One evenly spaced plan per fraction, in order. */
  public static List<LayerPlan> evenlySpaced(int numLayers, List<Double> fractions) {
    return fractions.stream().map(f -> evenlySpaced(numLayers, f)).toList();
  }

  public static LayerPlan evenlySpaced(int numLayers, double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw InvalidInputException.of("skip fraction must be in [0, 1), got %s", fraction);
    }
    int k = LayerPlan.skipCount(fraction, numLayers);
    int interior = numLayers - 2;
    if (k > Math.max(0, interior)) {
      throw InvalidInputException.of("skip fraction %s means skipping %d of %d layers, but only %d interior layers "
          + "can be skipped", fraction, k, numLayers, Math.max(0, interior));
    }
    int[] skip = new int[k];
    for (int i = 0; i < k; i++) {
      // centre of the i-th of k equal slices of [1, L-1)
      skip[i] = 1 + (int) Math.floor((i + 0.5) * interior / k);
    }
    return LayerPlan.skipping(numLayers, skip);
  }
}
