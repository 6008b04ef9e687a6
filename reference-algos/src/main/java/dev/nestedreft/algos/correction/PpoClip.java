package dev.nestedreft.algos.correction;

/**
 * {@code ppo-clip}: the weights whose policy gradient is that of PPO's clipped surrogate
 * {@code L_t = min(ρ_t A, clip(ρ_t, 1 − ε_low, 1 + ε_high) A)} (asymmetric ε as in DAPO's clip-higher). Its
 * gradient is {@code ρ_t A ∇ log π(y_t|y_<t)} where the unclipped term is the active one and 0 where the clipped
 * constant is, so {@code w_t = ρ_t} if not clipped, else {@code w_t = 0}, with clipped meaning
 * {@code A > 0 and ρ_t > 1 + ε_high}, or {@code A < 0 and ρ_t < 1 − ε_low}.
 *
 * <p>Dual clip (Ye et al., 2020), when {@code c > 1} is given: for {@code A < 0} the objective is
 * {@code max(L_t, c · A)}, a constant once {@code ρ_t > c}, so then {@code w_t = 0} too. Without it, a negative
 * advantage with a large {@code ρ_t} keeps its unbounded weight.
 *
 * <p>A token with {@code A = 0} keeps {@code w_t = ρ_t} (its gradient is 0 either way). <b>Biased</b>: PPO's
 * trust-region surrogate, not an importance-sampling estimator.
 */
final class PpoClip extends DoublePrecisionCorrection {
  static final String NAME = "ppo-clip";

  private final double epsLow;
  private final double epsHigh;
  private final double dualClip;

  /** @param dualClip {@code c > 1}, or {@link Double#NaN} for no dual clip */
  PpoClip(double epsLow, double epsHigh, double dualClip) {
    super(NAME, Level.TOKEN);
    this.epsLow = epsLow;
    this.epsHigh = epsHigh;
    this.dualClip = dualClip;
  }

  @Override
  boolean clipped(double ratio, double advantage) {
    return (advantage > 0 && ratio > 1 + epsHigh)
        || (advantage < 0 && ratio < 1 - epsLow)
        || (advantage < 0 && !Double.isNaN(dualClip) && ratio > dualClip);
  }

  @Override
  double weight(double ratio, double advantage, boolean clipped) {
    return clipped ? 0.0 : ratio;
  }
}
