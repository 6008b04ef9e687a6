package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link SequenceTruncatedIs} ({@code seq-tis}); parameter {@code c}, default 2.0, must be positive. */
public final class SequenceTruncatedIsFactory implements OffPolicyCorrectionFactory {
  static final double DEFAULT_CAP = 2.0;

  @Override
  public String name() {
    return SequenceTruncatedIs.NAME;
  }

  @Override
  public String description() {
    return "w_t = min(ρ_seq, c), c = 2.0 by default: truncated sequence-level importance sampling; "
        + "unbiased where ρ_seq <= c, biased by the truncation";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly("c");
    double cap = params.getDouble("c", DEFAULT_CAP);
    params.require(cap > 0, "c", "must be > 0");
    return new SequenceTruncatedIs(cap);
  }
}
