package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredCorrectionFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/**
 * Creates {@link PpoClip} ({@code ppo-clip}); parameters {@code eps_low} (default 0.2, in {@code [0, 1)}),
 * {@code eps_high} (default 0.2, {@code ≥ 0}) and {@code dual_clip} (off unless given; {@code > 1}).
 */
public final class PpoClipFactory extends DeclaredCorrectionFactory {
  static final DoubleParam EPS_LOW = DoubleParam.of("eps_low", 0.2).where(e -> e >= 0 && e < 1, "must be in [0, 1)");
  static final DoubleParam EPS_HIGH = DoubleParam.of("eps_high", 0.2).nonNegative();
  static final DoubleParam DUAL_CLIP = DoubleParam.optional("dual_clip").where(c -> c > 1, "must be > 1");

  public PpoClipFactory() {
    super(ComponentSpec.of(PpoClip.NAME, "w_t = ρ_t unless PPO's clip binds (A>0, ρ_t>1+eps_high or A<0, "
        + "ρ_t<1-eps_low; optional dual_clip c: A<0, ρ_t>c), else 0; the clipped surrogate's gradient; biased",
        EPS_LOW, EPS_HIGH, DUAL_CLIP),
        params -> new PpoClip(EPS_LOW.read(params), EPS_HIGH.read(params), DUAL_CLIP.read(params)));
  }
}
