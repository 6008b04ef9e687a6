package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link GrpoAdvantage} ({@code grpo}); parameter {@code eps}, default 1e-6, must be positive. */
public final class GrpoAdvantageFactory implements AdvantageEstimatorFactory {
  static final double DEFAULT_EPS = 1e-6;

  @Override
  public String name() {
    return GrpoAdvantage.NAME;
  }

  @Override
  public String description() {
    return "A_i = (r_i - mean_group) / (std_group + eps), population std, eps = 1e-6; a group of one gets 0";
  }

  @Override
  public AdvantageEstimator create(Params params) {
    params.allowOnly("eps");
    double eps = params.getDouble("eps", DEFAULT_EPS);
    params.require(eps > 0, "eps", "must be > 0");
    return new GrpoAdvantage(eps);
  }
}
