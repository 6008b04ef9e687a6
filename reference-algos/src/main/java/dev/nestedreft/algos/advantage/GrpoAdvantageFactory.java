package dev.nestedreft.algos.advantage;

import dev.nestedreft.algos.advantage.GroupAdvantage.Grouping;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredAdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Creates {@link NormalisedAdvantage} by prompt ({@code grpo}); parameter {@code eps}, default 1e-6, must be > 0. */
public final class GrpoAdvantageFactory extends DeclaredAdvantageEstimatorFactory {
  static final DoubleParam EPS = DoubleParam.of("eps", 1e-6).positive();

  public GrpoAdvantageFactory() {
    super(ComponentSpec.of(NormalisedAdvantage.GROUP_NAME,
        "A_i = (r_i - mean_group) / (std_group + eps), population std, eps = 1e-6; a group of one gets 0", EPS),
        params -> new NormalisedAdvantage(Grouping.BY_PROMPT, EPS.read(params)));
  }
}
