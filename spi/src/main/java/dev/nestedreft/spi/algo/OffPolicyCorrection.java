package dev.nestedreft.spi.algo;

/**
 * Turns target and behavior log-probabilities into per-token weights for the policy gradient. The learner's
 * gradient estimate is {@code Σ_t α_t · w_t · A · ∇ log π_target(y_t | y_<t)}, where {@code w_t} are these weights
 * (treated as constants: no gradient flows through them), {@code A} the sequence's advantage and {@code α_t} the
 * loss aggregation. Formulas for every implementation are in docs/ALGORITHMS.md.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface OffPolicyCorrection {
  /** The registered name, such as {@code "is"} or {@code "tis"}. */
  String name();

  /**
   * Weights for every token of every sequence.
   *
   * @param tokens per sequence, the target and behavior log-probs of its generated tokens (same temperature)
   * @param advantages one per sequence
   */
  CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages);
}
