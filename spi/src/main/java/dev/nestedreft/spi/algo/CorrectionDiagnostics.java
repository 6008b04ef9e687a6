package dev.nestedreft.spi.algo;

/**
 * What every learner step reports about off-policyness, whatever the correction.
 *
 * @param ratioMean mean of the token ratios {@code ρ_t = π_target / π_behavior}
 * @param ratioMin smallest token ratio
 * @param ratioMax largest token ratio
 * @param effectiveSampleSize of the sequence ratios, {@code (Σ ρ_i)² / Σ ρ_i²} divided by the number of sequences
 *     (1 when on-policy)
 * @param klBehaviorTarget the k3 estimate of KL(behavior ‖ target): the mean over tokens of
 *     {@code ρ − 1 − log ρ}
 * @param clippedFraction tokens whose weight the correction clipped, truncated or masked
 */
public record CorrectionDiagnostics(double ratioMean, double ratioMin, double ratioMax,
    double effectiveSampleSize, double klBehaviorTarget, double clippedFraction) {

  public static CorrectionDiagnostics of(SequenceLogprobs logprobs, CorrectionWeights weights) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double k3 = 0;
    long tokens = 0;
    double seqSum = 0;
    double seqSquares = 0;
    for (int i = 0; i < logprobs.sequences(); i++) {
      for (int t = 0; t < logprobs.length(i); t++) {
        double logRatio = logprobs.logRatio(i, t);
        double ratio = Math.exp(logRatio);
        sum += ratio;
        min = Math.min(min, ratio);
        max = Math.max(max, ratio);
        k3 += ratio - 1 - logRatio;
        tokens++;
      }
      double seqRatio = Math.exp(logprobs.sequenceLogRatio(i));
      seqSum += seqRatio;
      seqSquares += seqRatio * seqRatio;
    }
    int n = logprobs.sequences();
    double ess = n == 0 || seqSquares == 0 ? 0 : seqSum * seqSum / seqSquares / n;
    return new CorrectionDiagnostics(tokens == 0 ? 1 : sum / tokens, tokens == 0 ? 1 : min, tokens == 0 ? 1 : max,
        ess, tokens == 0 ? 0 : k3 / tokens, weights.clippedFraction());
  }
}
