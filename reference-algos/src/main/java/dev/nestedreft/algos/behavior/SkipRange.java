package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.ParamSpec;
import dev.nestedreft.spi.algo.Params;

/**
 * The layers a policy may skip, {@code [lo, hi]}. By default ({@code protect_ends=true}) the first and last
 * layers are kept: {@code [1, L − 2]}; {@code protect_ends=false} allows {@code [0, L − 1]}. Parameters
 * {@code min_layer} and {@code max_layer} set the bounds explicitly (each one replaces its default end) and cannot
 * be combined with {@code protect_ends}.
 */
final class SkipRange {
  /** The parameters {@link #parse} reads. */
  static final ParamSpec PARAMS = ParamSpec.described(
      ParamInfo.of("protect_ends", "true", "keep the first and last layers"),
      ParamInfo.of("min_layer", null, "lowest skippable layer; not with protect_ends"),
      ParamInfo.of("max_layer", null, "highest skippable layer; not with protect_ends"));

  private final String owner;
  private final boolean protectEnds;
  private final Integer minLayer;
  private final Integer maxLayer;

  private SkipRange(String owner, boolean protectEnds, Integer minLayer, Integer maxLayer) {
    this.owner = owner;
    this.protectEnds = protectEnds;
    this.minLayer = minLayer;
    this.maxLayer = maxLayer;
  }

  static SkipRange parse(Params params) {
    boolean hasMin = params.values().containsKey("min_layer");
    boolean hasMax = params.values().containsKey("max_layer");
    if ((hasMin || hasMax) && params.values().containsKey("protect_ends")) {
      throw InvalidInputException.of("%s: give either 'protect_ends' or 'min_layer'/'max_layer', not both",
          params.owner());
    }
    boolean protectEnds = params.getBoolean("protect_ends", true);
    Integer min = hasMin ? params.getInt("min_layer", 0) : null;
    Integer max = hasMax ? params.getInt("max_layer", 0) : null;
    params.require(min == null || min >= 0, "min_layer", "must be >= 0");
    params.require(max == null || max >= 0, "max_layer", "must be >= 0");
    params.require(min == null || max == null || min <= max, "max_layer", "must be >= min_layer (" + min + ")");
    return new SkipRange(params.owner(), protectEnds, min, max);
  }

  /** The lowest skippable layer of an {@code numLayers}-layer model. */
  int lo(int numLayers) {
    if (minLayer != null && minLayer >= numLayers) {
      throw InvalidInputException.of("%s: min_layer=%d is out of range: the model has %d layers (0..%d)",
          owner, minLayer, numLayers, numLayers - 1);
    }
    return minLayer != null ? minLayer : protectEnds ? 1 : 0;
  }

  /** The highest skippable layer; below {@link #lo} when no layer may be skipped. */
  int hi(int numLayers) {
    int hi = maxLayer != null ? maxLayer : protectEnds ? numLayers - 2 : numLayers - 1;
    if (hi >= numLayers) {
      throw InvalidInputException.of("%s: max_layer=%d is out of range: the model has %d layers (0..%d)",
          owner, hi, numLayers, numLayers - 1);
    }
    return hi;
  }

  /** Number of skippable layers. */
  int size(int numLayers) {
    return Math.max(0, hi(numLayers) - lo(numLayers) + 1);
  }

  /**
   * {@code count} resolved for a {@code numLayers}-layer model, checked against this range.
   *
   * @param what words before the count in messages: "" or "a block of "
   * @throws InvalidInputException when the count exceeds the range or would skip every layer
   */
  int checkedCount(SkipCount count, int numLayers, String what) {
    int k = count.resolve(numLayers);
    int size = size(numLayers);
    if (k > size) {
      throw InvalidInputException.of("%s: %s skips %s%d layers, but only %d layers %s of the %d-layer model may be "
          + "skipped", owner, count.describe(numLayers), what, k, size, describe(numLayers), numLayers);
    }
    if (k >= numLayers) {
      throw InvalidInputException.of("%s: %s would skip all %d layers; at least one must run", owner,
          count.describe(numLayers), numLayers);
    }
    return k;
  }

  /** For messages: {@code [1, 6]}. */
  String describe(int numLayers) {
    return "[" + lo(numLayers) + ", " + hi(numLayers) + "]";
  }
}
