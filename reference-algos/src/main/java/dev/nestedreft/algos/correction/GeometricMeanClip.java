package dev.nestedreft.algos.correction;

/**
 * {@code geo-mean}: GSPO's sequence-level clipped ratio (Zheng et al., 2025). With the geometric mean of the token
 * ratios {@code s = exp((1/|y|) Σ_t log ρ_t) = ρ_seq^(1/|y|)}, GSPO maximises
 * {@code min(s A, clip(s, 1 − ε_low, 1 + ε_high) A)} per sequence. Since
 * {@code ∇s = s · (1/|y|) Σ_t ∇ log π(y_t|y_<t)}, its gradient is {@code s A (1/|y|) Σ_t ∇ log π} where the
 * unclipped term is active and 0 where the clip binds, so {@code w_t = s} on every token if not clipped, else 0
 * (clipped: {@code A > 0 and s > 1 + ε_high}, or
 * {@code A < 0 and s < 1 − ε_low}; every token of a clipped sequence counts as clipped).
 *
 * <p>The factor {@code 1/|y|} of GSPO's gradient is not in {@code w_t}: it comes from the
 * {@code seq-mean-token-mean} loss aggregation ({@code α_t = 1/(B |y_i|)}), which the {@code gspo} preset uses.
 * <b>Biased</b>: a length-normalised trust-region surrogate, not an importance-sampling estimator.
 */
final class GeometricMeanClip extends DoublePrecisionCorrection {
  static final String NAME = "geo-mean";

  private final double epsLow;
  private final double epsHigh;

  GeometricMeanClip(double epsLow, double epsHigh) {
    super(NAME, Level.GEOMETRIC_MEAN);
    this.epsLow = epsLow;
    this.epsHigh = epsHigh;
  }

  @Override
  boolean clipped(double geometricMean, double advantage) {
    return (advantage > 0 && geometricMean > 1 + epsHigh) || (advantage < 0 && geometricMean < 1 - epsLow);
  }

  @Override
  double weight(double geometricMean, double advantage, boolean clipped) {
    return clipped ? 0.0 : geometricMean;
  }
}
