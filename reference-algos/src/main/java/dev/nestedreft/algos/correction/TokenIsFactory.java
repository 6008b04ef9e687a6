package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link TokenIs} ({@code token-is}); takes no parameters. */
public final class TokenIsFactory implements OffPolicyCorrectionFactory {
  @Override
  public String name() {
    return TokenIs.NAME;
  }

  @Override
  public String description() {
    return "w_t = ρ_t: token-level importance ratio; biased for multi-token sequences, lower variance than is";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly();
    return new TokenIs();
  }
}
