package dev.nestedreft.spi.rollout;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one token from a row of logits and reports the log-probability of the distribution it actually drew
 * from, in the order Hugging Face applies its warpers: temperature, then top-k (ties with the k-th value kept),
 * then top-p (the smallest set of most likely tokens whose probability reaches p), then renormalisation.
 * Greedy decoding (temperature 0) takes the arg-max (lowest id on ties) and records log-probability 0, the
 * log-probability of a point mass.
 *
 * <p>Computed in double precision. Stateless; the randomness comes from the caller's per-sequence stream.
 */
public final class TokenSampler {
  /** A drawn token and {@code log q(token)} under the sampling distribution {@code q}. */
  public record Draw(int token, double logprob) {}

  private TokenSampler() {}

  /** Draws from {@code logits[offset .. offset + vocab)}. */
  public static Draw draw(float[] logits, int offset, int vocab, SamplingParams params, SplittableRandom random) {
    if (params.greedy()) {
      int best = 0;
      for (int v = 1; v < vocab; v++) {
        if (logits[offset + v] > logits[offset + best]) {
          best = v;
        }
      }
      return new Draw(best, 0.0);
    }
    double invT = 1.0 / params.temperature();
    if ((params.topK() <= 0 || params.topK() >= vocab) && params.topP() >= 1) {
      return drawUnwarped(logits, offset, vocab, invT, random);
    }
    double[] z = new double[vocab];
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < vocab; v++) {
      z[v] = logits[offset + v] * invT;
      max = Math.max(max, z[v]);
    }
    boolean[] kept = null;
    if (params.topK() > 0 && params.topK() < vocab) {
      double[] sorted = z.clone();
      Arrays.sort(sorted);
      double threshold = sorted[vocab - params.topK()];
      kept = new boolean[vocab];
      for (int v = 0; v < vocab; v++) {
        kept[v] = z[v] >= threshold;
      }
    }
    if (params.topP() < 1) {
      kept = topP(z, max, kept, params.topP());
    }
    double sum = 0;
    for (int v = 0; v < vocab; v++) {
      if (kept == null || kept[v]) {
        sum += Math.exp(z[v] - max);
      }
    }
    double logZ = max + Math.log(sum);
    double u = random.nextDouble() * sum;
    int last = -1;
    for (int v = 0; v < vocab; v++) {
      if (kept == null || kept[v]) {
        last = v;
        u -= Math.exp(z[v] - max);
        if (u < 0) {
          return new Draw(v, z[v] - logZ);
        }
      }
    }
    return new Draw(last, z[last] - logZ); // rounding left u just above zero: the last kept token
  }

  /**
   * The common case, temperature only: the same arithmetic as the general path, on the logits in place, so a
   * draw allocates nothing (a {@code double[vocab]} is 1.2 MB at Qwen2's vocabulary, once per drawn token).
   */
  private static Draw drawUnwarped(float[] logits, int offset, int vocab, double invT, SplittableRandom random) {
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < vocab; v++) {
      max = Math.max(max, logits[offset + v] * invT);
    }
    double sum = 0;
    for (int v = 0; v < vocab; v++) {
      sum += Math.exp(logits[offset + v] * invT - max);
    }
    double logZ = max + Math.log(sum);
    double u = random.nextDouble() * sum;
    for (int v = 0; v < vocab; v++) {
      double z = logits[offset + v] * invT;
      u -= Math.exp(z - max);
      if (u < 0) {
        return new Draw(v, z - logZ);
      }
    }
    return new Draw(vocab - 1, logits[offset + vocab - 1] * invT - logZ);
  }

  private static boolean[] topP(double[] z, double max, boolean[] kept, double p) {
    int vocab = z.length;
    Integer[] order = new Integer[vocab];
    double total = 0;
    for (int v = 0; v < vocab; v++) {
      order[v] = v;
      if (kept == null || kept[v]) {
        total += Math.exp(z[v] - max);
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
    boolean[] out = new boolean[vocab];
    double cumulative = 0;
    for (int i = 0; i < vocab; i++) {
      int v = order[i];
      if (kept != null && !kept[v]) {
        continue;
      }
      out[v] = true;
      cumulative += Math.exp(z[v] - max) / total;
      if (cumulative >= p) {
        break;
      }
    }
    return out;
  }

  /**
   * The random stream of one sequence: a function of the seed, the prompt id and the sample index only, so a
   * sequence's tokens do not depend on which other sequences share its batch.
   */
  public static SplittableRandom streamFor(long seed, long promptId, int sampleIndex) {
    long mixed = new SplittableRandom(seed).nextLong() ^ (promptId * 0x9E3779B97F4A7C15L);
    mixed = new SplittableRandom(mixed).nextLong() ^ ((long) sampleIndex * 0xC2B2AE3D27D4EB4FL);
    return new SplittableRandom(mixed);
  }
}
