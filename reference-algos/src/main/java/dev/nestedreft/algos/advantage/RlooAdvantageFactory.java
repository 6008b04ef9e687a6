package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredAdvantageEstimatorFactory;

/** Creates {@link RlooAdvantage} ({@code rloo}); takes no parameters. */
public final class RlooAdvantageFactory extends DeclaredAdvantageEstimatorFactory {
  public RlooAdvantageFactory() {
    super(ComponentSpec.of(RlooAdvantage.NAME,
        "A_i = r_i - mean of the other samples of the group (leave-one-out); a group of one gets 0"),
        params -> new RlooAdvantage());
  }
}
