package dev.nestedreft.algos.advantage;

import dev.nestedreft.algos.advantage.GroupAdvantage.Grouping;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredAdvantageEstimatorFactory;

/**
 * Creates {@link NormalisedAdvantage} over the whole batch ({@code batch-norm}); parameter {@code eps}, default
 * 1e-6, must be positive.
 */
public final class BatchNormAdvantageFactory extends DeclaredAdvantageEstimatorFactory {
  public BatchNormAdvantageFactory() {
    super(ComponentSpec.of(NormalisedAdvantage.BATCH_NAME,
        "A_i = (r_i - mean_batch) / (std_batch + eps) over the whole batch, ignoring groups (REINFORCE++)",
        GrpoAdvantageFactory.EPS),
        params -> new NormalisedAdvantage(Grouping.WHOLE_BATCH, GrpoAdvantageFactory.EPS.read(params)));
  }
}
