package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link SequenceIs} ({@code is}); takes no parameters. */
public final class SequenceIsFactory implements OffPolicyCorrectionFactory {
  @Override
  public String name() {
    return SequenceIs.NAME;
  }

  @Override
  public String description() {
    return "w_t = ρ_seq = Π_t ρ_t on every token: sequence-level importance sampling; unbiased, high variance";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly();
    return new SequenceIs();
  }
}
