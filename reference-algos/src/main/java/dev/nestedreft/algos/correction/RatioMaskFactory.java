package dev.nestedreft.algos.correction;

import dev.nestedreft.algos.correction.DoublePrecisionCorrection.Level;
import dev.nestedreft.spi.algo.ChoiceParam;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;
import dev.nestedreft.spi.algo.DoubleParam;
import dev.nestedreft.spi.algo.Params;
import java.util.Map;

/**
 * Creates {@link RatioMask} ({@code mask}); parameters {@code level} ({@code token}, the default, or
 * {@code sequence}), {@code lo} (default 0.5, {@code ≥ 0}) and {@code hi} (default 2.0, {@code > lo}).
 */
public final class RatioMaskFactory extends DeclaredCorrectionFactory {
  static final ChoiceParam<Level> LEVEL = ChoiceParam.of("level", "token",
      Map.of("token", Level.TOKEN, "sequence", Level.SEQUENCE), "must be token or sequence");
  static final DoubleParam LO = DoubleParam.of("lo", 0.5).nonNegative();
  /** Checked against {@code lo} once both are read. */
  static final DoubleParam HI = DoubleParam.of("hi", 2.0);

  public RatioMaskFactory() {
    super(ComponentSpec.of(RatioMask.NAME, "w_t = ρ_t (level=token) or ρ_seq (level=sequence) inside [lo, hi] = "
        + "[0.5, 2] by default, else 0; biased", LEVEL, LO, HI), RatioMaskFactory::mask);
  }

  private static RatioMask mask(Params params) {
    Level level = LEVEL.read(params);
    double lo = LO.read(params);
    double hi = HI.read(params);
    params.require(hi > lo, "hi", "must be > lo (" + lo + ")");
    return new RatioMask(level, lo, hi);
  }
}
