package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link GeometricMeanClip} ({@code geo-mean}); parameters {@code eps_low} (default 3e-4, in
 * {@code [0, 1)}) and {@code eps_high} (default 4e-4, {@code ≥ 0}), GSPO's values.
 */
public final class GeometricMeanClipFactory implements OffPolicyCorrectionFactory {
  static final double DEFAULT_EPS_LOW = 3e-4;
  static final double DEFAULT_EPS_HIGH = 4e-4;

  @Override
  public String name() {
    return GeometricMeanClip.NAME;
  }

  @Override
  public String description() {
    return "w_t = s = exp(mean_t log ρ_t) unless GSPO's sequence clip [1-eps_low, 1+eps_high] binds, else 0; "
        + "biased; use with seq-mean-token-mean";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly("eps_low", "eps_high");
    double epsLow = params.getDouble("eps_low", DEFAULT_EPS_LOW);
    params.require(epsLow >= 0 && epsLow < 1, "eps_low", "must be in [0, 1)");
    double epsHigh = params.getDouble("eps_high", DEFAULT_EPS_HIGH);
    params.require(epsHigh >= 0, "eps_high", "must be >= 0");
    return new GeometricMeanClip(epsLow, epsHigh);
  }
}
