package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.ParamSpec;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.LayerPlan;

/**
 * How many layers a policy skips: parameter {@code k} (a count, {@code ≥ 0}) or {@code fraction} (in
 * {@code [0, 1)}; {@code k = round(fraction · L)} for an {@code L}-layer model, {@link LayerPlan#skipCount}),
 * exactly one of them.
 */
final class SkipCount {
  /** The parameters {@link #parse} reads. */
  static final ParamSpec PARAMS = ParamSpec.described(
      ParamInfo.of("k", null, "layers to skip, >= 0; give k or fraction"),
      ParamInfo.of("fraction", null, "of the layers, in [0, 1): k = round(fraction·L); give k or fraction"));

  private final int k;
  private final double fraction;

  private SkipCount(int k, double fraction) {
    this.k = k;
    this.fraction = fraction;
  }

  static SkipCount parse(Params params) {
    boolean hasK = params.values().containsKey("k");
    boolean hasFraction = params.values().containsKey("fraction");
    if (hasK == hasFraction) {
      throw InvalidInputException.of("%s: give exactly one of the parameters 'k' (layers to skip) and 'fraction' "
          + "(of the layers), got %s", params.owner(), hasK ? "both" : "neither");
    }
    if (hasK) {
      int k = params.getInt("k", 0);
      params.require(k >= 0, "k", "must be >= 0");
      return new SkipCount(k, Double.NaN);
    }
    double fraction = params.getDouble("fraction", 0);
    params.require(fraction >= 0 && fraction < 1, "fraction", "must be in [0, 1)");
    return new SkipCount(-1, fraction);
  }

  /** The count for an {@code numLayers}-layer model. */
  int resolve(int numLayers) {
    return k >= 0 ? k : LayerPlan.skipCount(fraction, numLayers);
  }

  /** For messages: {@code k=2} or {@code fraction=0.25 (k=2)}. */
  String describe(int numLayers) {
    return k >= 0 ? "k=" + k : "fraction=" + fraction + " (k=" + resolve(numLayers) + ")";
  }
}
