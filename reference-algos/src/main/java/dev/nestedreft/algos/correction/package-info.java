/**
 * Off-policy corrections: per-token weights {@code w_t} for the policy gradient
 * {@code Σ_t α_t · w_t · A · ∇ log π_target(y_t | y_<t)}, from the target and behavior log-probabilities of the
 * sampled tokens. With {@code ρ_t = exp(log π_target − log π_behavior)} and {@code ρ_seq = Π_t ρ_t}:
 * {@code none} (1), {@code is} ({@code ρ_seq}, unbiased), {@code token-is} ({@code ρ_t}), {@code tis}
 * ({@code min(ρ_t, C)}), {@code retrace} ({@code λ min(1, ρ_t)}), {@code ppo-clip}, {@code seq-tis}
 * ({@code min(ρ_seq, C)}), {@code geo-mean} (GSPO) and {@code mask}.
 *
 * <p>Every correction computes in double precision ({@link dev.nestedreft.algos.correction.DoublePrecisionCorrection
 * #exactWeights}) and returns float weights capped at {@link Float#MAX_VALUE}. A correction says only, for one
 * ratio (the token's, the sequence's, or their geometric mean) and the advantage, whether the token is clipped and
 * what its weight is; its factory declares its parameters ({@link dev.nestedreft.spi.algo.DeclaredCorrectionFactory}).
 */
package dev.nestedreft.algos.correction;
