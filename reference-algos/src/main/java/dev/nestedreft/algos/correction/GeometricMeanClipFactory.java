package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/**
 * Creates {@link GeometricMeanClip} ({@code geo-mean}); parameters {@code eps_low} (default 3e-4, in
 * {@code [0, 1)}) and {@code eps_high} (default 4e-4, {@code ≥ 0}), GSPO's values.
 */
public final class GeometricMeanClipFactory extends DeclaredCorrectionFactory {
  static final DoubleParam EPS_LOW = DoubleParam.of("eps_low", 3e-4).where(e -> e >= 0 && e < 1, "must be in [0, 1)");
  static final DoubleParam EPS_HIGH = DoubleParam.of("eps_high", 4e-4).nonNegative();

  public GeometricMeanClipFactory() {
    super(ComponentSpec.of(GeometricMeanClip.NAME, "w_t = s = exp(mean_t log ρ_t) unless GSPO's sequence clip "
        + "[1-eps_low, 1+eps_high] binds, else 0; biased; use with seq-mean-token-mean", EPS_LOW, EPS_HIGH),
        params -> new GeometricMeanClip(EPS_LOW.read(params), EPS_HIGH.read(params)));
  }
}
