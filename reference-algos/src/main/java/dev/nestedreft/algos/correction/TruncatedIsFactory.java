package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link TruncatedIs} ({@code tis}); parameter {@code c}, the cap, default 2.0, must be positive. */
public final class TruncatedIsFactory implements OffPolicyCorrectionFactory {
  static final double DEFAULT_CAP = 2.0;

  @Override
  public String name() {
    return TruncatedIs.NAME;
  }

  @Override
  public String description() {
    return "w_t = min(ρ_t, c), c = 2.0 by default: truncated token-level importance sampling; biased, bounded";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly("c");
    double cap = params.getDouble("c", DEFAULT_CAP);
    params.require(cap > 0, "c", "must be > 0");
    return new TruncatedIs(cap);
  }
}
