package dev.nestedreft.algos.correction;

/**
 * The plain importance ratio as the weight, at one of two levels.
 *
 * <p>{@code is} ({@link Level#SEQUENCE}): the sequence-level importance weight, the same for every token of a
 * sequence: {@code w_t = ρ_seq = exp(Σ_t (log π_target(y_t|y_<t) − log q(y_t|y_<t))) = π_target(y) / q(y)}.
 * <b>Unbiased.</b> For any function {@code f} of the sequence, {@code E_q[ρ_seq f(y)] = Σ_y q(y) π(y)/q(y) f(y)
 * = E_π[f(y)]}; with {@code f(y) = A(y) Σ_t ∇ log π(y_t|y_<t)} this is the target's policy gradient (given
 * {@code q > 0} wherever {@code π > 0}). The variance grows with the length and with the divergence of the two
 * policies. A ratio above {@link Float#MAX_VALUE} becomes {@link Float#MAX_VALUE} in the float weights and counts
 * as clipped.
 *
 * <p>{@code token-is} ({@link Level#TOKEN}): the per-token importance ratio
 * {@code w_t = ρ_t = π_target(y_t|y_<t) / q(y_t|y_<t)}. <b>Biased</b> for sequences of more than one token: it
 * corrects the distribution of token {@code t} but leaves the prefix {@code y_<t}, and the tokens after {@code t}
 * that the advantage depends on, distributed as the behavior's. Lower variance than {@code is}: no product over the
 * sequence.
 */
final class ImportanceRatio extends DoublePrecisionCorrection {
  static final String SEQUENCE_NAME = "is";
  static final String TOKEN_NAME = "token-is";

  /** @param level {@link Level#SEQUENCE} for {@code is}, {@link Level#TOKEN} for {@code token-is} */
  ImportanceRatio(Level level) {
    super(level == Level.SEQUENCE ? SEQUENCE_NAME : TOKEN_NAME, level);
  }

  @Override
  double weight(double ratio, double advantage, boolean clipped) {
    return ratio;
  }
}
