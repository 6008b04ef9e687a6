package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;

/** Creates {@link NoCorrection} ({@code none}); takes no parameters. */
public final class NoCorrectionFactory extends DeclaredCorrectionFactory {
  public NoCorrectionFactory() {
    super(ComponentSpec.of(NoCorrection.NAME,
        "w_t = 1: treats rollouts as on-policy; exact for the full plan, biased for nested plans"),
        params -> new NoCorrection());
  }
}
