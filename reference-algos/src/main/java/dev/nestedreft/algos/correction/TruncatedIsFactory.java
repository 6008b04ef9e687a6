package dev.nestedreft.algos.correction;

import dev.nestedreft.algos.correction.DoublePrecisionCorrection.Level;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Creates {@link TruncatedIs} at the token level ({@code tis}); parameter {@code c}, the cap, default 2.0, > 0. */
public final class TruncatedIsFactory extends DeclaredCorrectionFactory {
  static final DoubleParam CAP = DoubleParam.of("c", 2.0).positive();

  public TruncatedIsFactory() {
    super(ComponentSpec.of(TruncatedIs.TOKEN_NAME,
        "w_t = min(ρ_t, c), c = 2.0 by default: truncated token-level importance sampling; biased, bounded", CAP),
        params -> new TruncatedIs(Level.TOKEN, CAP.read(params)));
  }
}
