package com.example.nestedreft;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Registers {@link SoftClipCorrection} as {@code soft-clip}; parameter {@code c}, the cap (default 2, positive). */
public final class SoftClipCorrectionFactory extends DeclaredCorrectionFactory {
  private static final DoubleParam CAP = DoubleParam.of("c", 2.0).positive();

  public SoftClipCorrectionFactory() {
    super(ComponentSpec.of(SoftClipCorrection.NAME, "w_t = c·tanh(ρ_t/c): token-level importance weights squashed "
        + "smoothly below the cap c; biased, bounded", CAP), params -> new SoftClipCorrection(CAP.read(params)));
  }
}
