/**
 * Verifiable rewards: {@code math-answer} (the final numeric answer equals the reference's), {@code format} (a
 * well-formed final-answer marker is present), and {@link dev.nestedreft.algos.reward.WeightedReward}, a weighted
 * sum of rewards. {@link dev.nestedreft.algos.reward.AnswerExtractor} finds and normalises the final answer of a
 * text; evaluation uses it too, to report what it parsed.
 *
 * <p>Every reward here accepts any model output (empty, huge, malformed LaTeX) without throwing. The scans are
 * hand-written single passes, linear in the length of the text; no regular expression is involved.
 */
package dev.nestedreft.algos.reward;
