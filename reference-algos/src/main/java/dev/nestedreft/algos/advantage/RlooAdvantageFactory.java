package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link RlooAdvantage} ({@code rloo}); takes no parameters. */
public final class RlooAdvantageFactory implements AdvantageEstimatorFactory {
  @Override
  public String name() {
    return RlooAdvantage.NAME;
  }

  @Override
  public String description() {
    return "A_i = r_i - mean of the other samples of the group (leave-one-out); a group of one gets 0";
  }

  @Override
  public AdvantageEstimator create(Params params) {
    params.allowOnly();
    return new RlooAdvantage();
  }
}
