package dev.nestedreft.algos.correction;

import dev.nestedreft.algos.correction.DoublePrecisionCorrection.Level;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;

/** Creates {@link ImportanceRatio} at the token level ({@code token-is}); takes no parameters. */
public final class TokenIsFactory extends DeclaredCorrectionFactory {
  public TokenIsFactory() {
    super(ComponentSpec.of(ImportanceRatio.TOKEN_NAME,
        "w_t = ρ_t: token-level importance ratio; biased for multi-token sequences, lower variance than is"),
        params -> new ImportanceRatio(Level.TOKEN));
  }
}
