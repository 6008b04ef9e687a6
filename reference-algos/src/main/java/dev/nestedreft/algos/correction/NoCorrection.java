package dev.nestedreft.algos.correction;

/**
 * {@code none}: {@code w_t = 1}. Treats the behavior's samples as if the target had drawn them. Exact when the
 * behavior is the target (standard ReFT, where every {@code ρ_t = 1}); biased for nested rollouts, where it
 * follows the gradient of the behavior's expected advantage rather than the target's.
 */
final class NoCorrection extends DoublePrecisionCorrection {
  static final String NAME = "none";

  NoCorrection() {
    super(NAME, Level.TOKEN);
  }

  @Override
  double weight(double ratio, double advantage, boolean clipped) {
    return 1.0;
  }
}
