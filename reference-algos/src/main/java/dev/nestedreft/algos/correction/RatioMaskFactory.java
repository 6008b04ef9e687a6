package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link RatioMask} ({@code mask}); parameters {@code level} ({@code token}, the default, or
 * {@code sequence}), {@code lo} (default 0.5, {@code ≥ 0}) and {@code hi} (default 2.0, {@code > lo}).
 */
public final class RatioMaskFactory implements OffPolicyCorrectionFactory {
  static final double DEFAULT_LO = 0.5;
  static final double DEFAULT_HI = 2.0;

  @Override
  public String name() {
    return RatioMask.NAME;
  }

  @Override
  public String description() {
    return "w_t = ρ_t (level=token) or ρ_seq (level=sequence) inside [lo, hi] = [0.5, 2] by default, else 0; "
        + "biased";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly("level", "lo", "hi");
    String levelText = params.getString("level", "token");
    params.require(levelText.equals("token") || levelText.equals("sequence"), "level",
        "must be token or sequence");
    RatioMask.Level level = levelText.equals("token") ? RatioMask.Level.TOKEN : RatioMask.Level.SEQUENCE;
    double lo = params.getDouble("lo", DEFAULT_LO);
    params.require(lo >= 0, "lo", "must be >= 0");
    double hi = params.getDouble("hi", DEFAULT_HI);
    params.require(hi > lo, "hi", "must be > lo (" + lo + ")");
    return new RatioMask(level, lo, hi);
  }
}
