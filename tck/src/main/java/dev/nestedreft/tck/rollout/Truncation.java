package dev.nestedreft.tck.rollout;

import dev.nestedreft.spi.rollout.SamplingParams;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The sampling distribution of docs/ALGORITHMS.md ("Sampling and behavior log-probabilities"), written from the
 * formulas rather than from {@code TokenSampler}: temperature, top-k (ties with the k-th value kept), top-p over the
 * kept tokens (the shortest prefix, by descending {@code z}, whose probability reaches {@code p}), renormalisation.
 */
final class Truncation {
  /** How close two values must be for fp32 rounding to be able to swap them: a near-tie. */
  private static final double MARGIN = 1e-4;

  private Truncation() {}

  /**
   * {@code log q(token)} under the truncated distribution of {@code logits}, {@code -∞} when truncation cut the
   * token, or null when a near-tie at the top-k threshold or at the top-p boundary makes the kept set uncertain.
   */
  static Double logprob(double[] logits, SamplingParams params, int token) {
    int vocab = logits.length;
    double[] z = new double[vocab];
    for (int v = 0; v < vocab; v++) {
      z[v] = logits[v] / params.temperature();
    }
    Integer[] order = new Integer[vocab];
    Arrays.setAll(order, v -> v);
    Arrays.sort(order, Comparator.comparingDouble((Integer v) -> z[v]).reversed());
    int kept = vocab;
    if (params.topK() > 0 && params.topK() < vocab) {
      int k = params.topK();
      if (z[order[k - 1]] - z[order[k]] < MARGIN) {
        return null;
      }
      kept = k;
    }
    if (params.topP() < 1) {
      double max = z[order[0]];
      double total = 0;
      for (int i = 0; i < kept; i++) {
        total += Math.exp(z[order[i]] - max);
      }
      double cumulative = 0;
      for (int i = 0; i < kept; i++) {
        cumulative += Math.exp(z[order[i]] - max) / total;
        if (Math.abs(cumulative - params.topP()) < MARGIN) {
          return null;
        }
        if (cumulative >= params.topP()) {
          if (i + 1 < kept && z[order[i]] - z[order[i + 1]] < MARGIN) {
            return null; // the last kept token and the first cut one could swap
          }
          kept = i + 1;
          break;
        }
      }
    }
    double max = z[order[0]];
    double sum = 0;
    boolean found = false;
    for (int i = 0; i < kept; i++) {
      sum += Math.exp(z[order[i]] - max);
      found |= order[i] == token;
    }
    return found ? z[token] - max - Math.log(sum) : Double.NEGATIVE_INFINITY;
  }
}
