package dev.nestedreft.api.probe;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.stream.IntStream;

/**
 * The layers a skip-set search may skip, {@code [lo, hi]}: by default {@code [1, L − 2]}, the first and last layers
 * protected as the behavior policies' {@code protect_ends} protects them; all of {@code [0, L − 1]} without
 * protection.
 *
 * @param numLayers the model's decoder layers
 * @param lo the lowest skippable layer
 * @param hi the highest skippable layer; below {@code lo} when none may be skipped
 * @param protectEnds whether the ends are protected
 */
public record SkippableLayers(int numLayers, int lo, int hi, boolean protectEnds) {
  public static SkippableLayers of(int numLayers, boolean protectEnds) {
    return protectEnds ? new SkippableLayers(numLayers, 1, numLayers - 2, true)
        : new SkippableLayers(numLayers, 0, numLayers - 1, false);
  }

  public int size() {
    return Math.max(0, hi - lo + 1);
  }

  /** The skippable layers in increasing order. */
  public int[] layers() {
    return IntStream.rangeClosed(lo, hi).toArray();
  }

  /**
   * The count a skip fraction means ({@link LayerPlan#skipCount}), checked against this range.
   *
   * @throws InvalidInputException when more layers than the range holds, or every layer, would be skipped
   */
  public int count(double fraction) {
    int k = LayerPlan.skipCount(fraction, numLayers);
    if (k >= numLayers) {
      throw InvalidInputException.of("skip fraction %s means skipping %d of %d layers, which leaves no layer to "
          + "run", fraction, k, numLayers);
    }
    if (k > size()) {
      throw InvalidInputException.of("skip fraction %s means skipping %d of %d layers, but only %d layers (%s) may "
          + "be skipped%s", fraction, k, numLayers, size(), describe(),
          protectEnds ? "; the first and last layers are protected (--no-protect-ends lifts that)" : "");
    }
    return k;
  }

  /** For messages: {@code layers 1..6}. */
  public String describe() {
    return size() == 0 ? "none" : "layers " + lo + ".." + hi;
  }
}
