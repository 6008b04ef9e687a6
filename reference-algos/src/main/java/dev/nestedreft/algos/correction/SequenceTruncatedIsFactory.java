package dev.nestedreft.algos.correction;

import dev.nestedreft.algos.correction.DoublePrecisionCorrection.Level;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;

/** Creates {@link TruncatedIs} at the sequence level ({@code seq-tis}); parameter {@code c}, default 2.0, > 0. */
public final class SequenceTruncatedIsFactory extends DeclaredCorrectionFactory {
  public SequenceTruncatedIsFactory() {
    super(ComponentSpec.of(TruncatedIs.SEQUENCE_NAME, "w_t = min(ρ_seq, c), c = 2.0 by default: truncated "
        + "sequence-level importance sampling; unbiased where ρ_seq <= c, biased by the truncation",
        TruncatedIsFactory.CAP), params -> new TruncatedIs(Level.SEQUENCE, TruncatedIsFactory.CAP.read(params)));
  }
}
