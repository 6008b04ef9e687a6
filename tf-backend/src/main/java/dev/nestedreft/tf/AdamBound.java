package dev.nestedreft.tf;

import dev.nestedreft.spi.learner.LearnerConfig;

/**
 * Whether an AdamW update is certain to leave every weight and moment finite, decided before it is applied from a
 * handful of scalars instead of a trial update (which would cost a second pass over every parameter and a copy of
 * them). With ‖g‖ the clipped gradient norm, every |gᵢ| ≤ ‖g‖, so after the update
 * <pre>
 *   |m'ᵢ| ≤ β₁·max|m| + (1 − β₁)·‖g‖
 *   v'ᵢ  ≤ β₂·max v + (1 − β₂)·‖g‖²
 *   |θ'ᵢ| ≤ max|θ|·(1 + lr·λ) + lr·max|m'| / ((1 − β₁ᵗ)·ε)      (since m̂/(√v̂ + ε) ≤ m̂/ε)
 * </pre>
 * The update is allowed when every bound, and every scalar the kernel is fed, is below a quarter of the largest
 * float, which leaves room for rounding. The bounds are loose (|Δθ| ≤ lr·|m̂|/ε is about 10⁸ times the typical
 * step) but a quarter of 3.4·10³⁸ is far above any weight a working model holds: a step that fails the test is
 * one whose learning rate or weights are already absurd, which is what the check is for.
 */
final class AdamBound {
  private static final double LIMIT = Float.MAX_VALUE / 4.0;

  private AdamBound() {}

  /**
   * @param acc the batch's accumulated figures with the maxima of |θ|, |m| and v before the update
   * @param clippedNorm the global gradient norm after clipping
   * @param lr this step's learning rate
   * @param beta1Power β₁ to the power of this step's number (1-based)
   * @param beta2Power β₂ to the same power
   */
  static boolean finite(TfLearner.Accumulated acc, double clippedNorm, double lr, LearnerConfig config,
      double beta1Power, double beta2Power) {
    double b1 = config.beta1();
    double b2 = config.beta2();
    float epsilonHat = (float) (config.epsilon() * Math.sqrt(1 - beta2Power));
    double m = b1 * acc.maxAbsFirstMoment() + (1 - b1) * clippedNorm;
    double v = b2 * acc.maxSecondMoment() + (1 - b2) * clippedNorm * clippedNorm;
    double scaledLr = lr / (1 - beta1Power);
    double step = scaledLr * m / config.epsilon();
    double theta = acc.maxAbsWeight() * (1 + lr * config.weightDecay()) + step;
    return epsilonHat > 0 && below(lr) && below(lr * config.weightDecay()) && below(clippedNorm * clippedNorm)
        && below(m) && below(v) && below(scaledLr * m) && below(theta);
  }

  private static boolean below(double x) {
    return x >= 0 && x < LIMIT; // false for NaN and infinities
  }
}
