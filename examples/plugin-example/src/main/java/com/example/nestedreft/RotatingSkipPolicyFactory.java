package com.example.nestedreft;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Registers {@link RotatingSkipPolicy} as {@code rotating-skip}; parameter {@code k}, layers skipped (default 2). */
public final class RotatingSkipPolicyFactory extends DeclaredBehaviorPolicyFactory {
  private static final DoubleParam K = DoubleParam.of("k", 2).where(v -> v >= 0 && v == Math.rint(v),
      "must be a whole number >= 0");

  public RotatingSkipPolicyFactory() {
    super(ComponentSpec.of(RotatingSkipPolicy.NAME, "skips k consecutive interior layers, a window that moves one "
        + "layer per step", K), (params, seed) -> new RotatingSkipPolicy((int) K.read(params), seed));
  }
}
