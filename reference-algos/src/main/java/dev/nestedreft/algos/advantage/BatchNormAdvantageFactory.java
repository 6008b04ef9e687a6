package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link BatchNormAdvantage} ({@code batch-norm}); parameter {@code eps}, default 1e-6, must be positive.
 */
public final class BatchNormAdvantageFactory implements AdvantageEstimatorFactory {
  static final double DEFAULT_EPS = 1e-6;

  @Override
  public String name() {
    return BatchNormAdvantage.NAME;
  }

  @Override
  public String description() {
    return "A_i = (r_i - mean_batch) / (std_batch + eps) over the whole batch, ignoring groups (REINFORCE++)";
  }

  @Override
  public AdvantageEstimator create(Params params) {
    params.allowOnly("eps");
    double eps = params.getDouble("eps", DEFAULT_EPS);
    params.require(eps > 0, "eps", "must be > 0");
    return new BatchNormAdvantage(eps);
  }
}
