package dev.nestedreft.algos.correction;

import dev.nestedreft.algos.correction.DoublePrecisionCorrection.Level;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;

/** Creates {@link ImportanceRatio} at the sequence level ({@code is}); takes no parameters. */
public final class SequenceIsFactory extends DeclaredCorrectionFactory {
  public SequenceIsFactory() {
    super(ComponentSpec.of(ImportanceRatio.SEQUENCE_NAME,
        "w_t = ρ_seq = Π_t ρ_t on every token: sequence-level importance sampling; unbiased, high variance"),
        params -> new ImportanceRatio(Level.SEQUENCE));
  }
}
