package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Creates {@link Retrace} ({@code retrace}); parameter {@code lambda}, default 1.0, in {@code (0, 1]}. */
public final class RetraceFactory extends DeclaredCorrectionFactory {
  static final DoubleParam LAMBDA = DoubleParam.of("lambda", 1.0).where(l -> l > 0 && l <= 1, "must be in (0, 1]");

  public RetraceFactory() {
    super(ComponentSpec.of(Retrace.NAME,
        "w_t = lambda · min(1, ρ_t), lambda = 1 by default: Retrace-style truncated traces; biased, low variance",
        LAMBDA), params -> new Retrace(LAMBDA.read(params)));
  }
}
