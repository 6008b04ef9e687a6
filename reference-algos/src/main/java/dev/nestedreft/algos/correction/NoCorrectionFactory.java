package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link NoCorrection} ({@code none}); takes no parameters. */
public final class NoCorrectionFactory implements OffPolicyCorrectionFactory {
  @Override
  public String name() {
    return NoCorrection.NAME;
  }

  @Override
  public String description() {
    return "w_t = 1: treats rollouts as on-policy; exact for the full plan, biased for nested plans";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly();
    return new NoCorrection();
  }
}
