package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link DrGrpoAdvantage} ({@code dr-grpo}); takes no parameters. */
public final class DrGrpoAdvantageFactory implements AdvantageEstimatorFactory {
  @Override
  public String name() {
    return DrGrpoAdvantage.NAME;
  }

  @Override
  public String description() {
    return "A_i = r_i - mean_group (Dr. GRPO: no std division)";
  }

  @Override
  public AdvantageEstimator create(Params params) {
    params.allowOnly();
    return new DrGrpoAdvantage();
  }
}
