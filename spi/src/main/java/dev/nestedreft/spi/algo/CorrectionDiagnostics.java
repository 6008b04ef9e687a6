package dev.nestedreft.spi.algo;

/**
 * What every learner step reports about off-policyness, whatever the correction.
 *
 * @param ratioMean mean of the token ratios {@code ρ_t = π_target / π_behavior}
 * @param ratioMin smallest token ratio
 * @param ratioMax largest token ratio
 * @param effectiveSampleSize of the sequence ratios, {@code (Σ ρ_i)² / Σ ρ_i²} divided by the number of sequences
 *     (1 when on-policy); computed from the ratios divided by the largest, so it stays finite however large the
 *     sequence log-ratios
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
    int n = logprobs.sequences();
    double[] seqLogRatios = new double[n];
    double maxSeqLogRatio = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < logprobs.length(i); t++) {
        double logRatio = logprobs.logRatio(i, t);
        double ratio = Math.exp(logRatio);
        sum += ratio;
        min = Math.min(min, ratio);
        max = Math.max(max, ratio);
        k3 += Math.expm1(logRatio) - logRatio; // exact near 0, where ratio - 1 - logRatio rounds below 0
        tokens++;
      }
      seqLogRatios[i] = logprobs.sequenceLogRatio(i);
      maxSeqLogRatio = Math.max(maxSeqLogRatio, seqLogRatios[i]);
    }
    // The ESS does not change when every ratio is scaled by one constant: dividing by the largest keeps exp from
    // overflowing (or every ratio from underflowing to 0) when sequence log-ratios reach hundreds.
    double seqSum = 0;
    double seqSquares = 0;
    for (double logRatio : seqLogRatios) {
      double scaled = Math.exp(logRatio - maxSeqLogRatio);
      seqSum += scaled;
      seqSquares += scaled * scaled;
    }
    double ess = n == 0 || !(seqSquares > 0) ? 0 : seqSum * seqSum / seqSquares / n;
    return new CorrectionDiagnostics(tokens == 0 ? 1 : sum / tokens, tokens == 0 ? 1 : min, tokens == 0 ? 1 : max,
        ess, tokens == 0 ? 0 : k3 / tokens, weights.clippedFraction());
  }
}
