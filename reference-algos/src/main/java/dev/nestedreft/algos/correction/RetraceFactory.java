package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;

/** Creates {@link Retrace} ({@code retrace}); parameter {@code lambda}, default 1.0, in {@code (0, 1]}. */
public final class RetraceFactory implements OffPolicyCorrectionFactory {
  static final double DEFAULT_LAMBDA = 1.0;

  @Override
  public String name() {
    return Retrace.NAME;
  }

  @Override
  public String description() {
    return "w_t = lambda · min(1, ρ_t), lambda = 1 by default: Retrace-style truncated traces; biased, low variance";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    params.allowOnly("lambda");
    double lambda = params.getDouble("lambda", DEFAULT_LAMBDA);
    params.require(lambda > 0 && lambda <= 1, "lambda", "must be in (0, 1]");
    return new Retrace(lambda);
  }
}
