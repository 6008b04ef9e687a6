package dev.nestedreft.algos.advantage;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredAdvantageEstimatorFactory;

/** Creates {@link DrGrpoAdvantage} ({@code dr-grpo}); takes no parameters. */
public final class DrGrpoAdvantageFactory extends DeclaredAdvantageEstimatorFactory {
  public DrGrpoAdvantageFactory() {
    super(ComponentSpec.of(DrGrpoAdvantage.NAME, "A_i = r_i - mean_group (Dr. GRPO: no std division)"),
        params -> new DrGrpoAdvantage());
  }
}
