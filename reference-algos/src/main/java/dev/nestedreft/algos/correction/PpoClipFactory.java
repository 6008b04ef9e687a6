package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link PpoClip} ({@code ppo-clip}); parameters {@code eps_low} (default 0.2, in {@code [0, 1)}),
 * {@code eps_high} (default 0.2, {@code ≥ 0}) and {@code dual_clip} (off unless given; {@code > 1}).
 */
public final class PpoClipFactory implements OffPolicyCorrectionFactory {
  static final double DEFAULT_EPS = 0.2;

  @Override
  public String name() {
    return PpoClip.NAME;
  }

  @Override
  public String description() {
    return "w_t = ρ_t unless PPO's clip binds (A>0, ρ_t>1+eps_high or A<0, ρ_t<1-eps_low; "
        + "optional dual_clip c: A<0, ρ_t>c), else 0; the clipped surrogate's gradient; biased";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly("eps_low", "eps_high", "dual_clip");
    double epsLow = params.getDouble("eps_low", DEFAULT_EPS);
    params.require(epsLow >= 0 && epsLow < 1, "eps_low", "must be in [0, 1)");
    double epsHigh = params.getDouble("eps_high", DEFAULT_EPS);
    params.require(epsHigh >= 0, "eps_high", "must be >= 0");
    double dualClip = Double.NaN;
    if (params.values().containsKey("dual_clip")) {
      dualClip = params.getDouble("dual_clip", Double.NaN);
      params.require(dualClip > 1, "dual_clip", "must be > 1");
    }
    return new PpoClip(epsLow, epsHigh, dualClip);
  }
}
