package dev.nestedreft.spi.rollout;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;

/**
 * How completions are sampled.
 *
 * @param temperature 0 for greedy decoding; otherwise logits are divided by it before the softmax
 * @param topK keep only the k most likely tokens (0 = no limit)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1 = no limit)
 * @param maxNewTokens the most tokens generated per sequence
 * @param stopTokenIds generation of a sequence ends after it samples one of these (the stop token is kept)
 * @param seed the root of every sequence's random stream
 */
public record SamplingParams(
    double temperature, int topK, double topP, int maxNewTokens, int[] stopTokenIds, long seed) {
  public static final double DEFAULT_TEMPERATURE = 1.0;

  public SamplingParams {
    if (!(temperature >= 0) || !Double.isFinite(temperature)) {
      throw InvalidInputException.of("temperature must be a finite number >= 0, got %s", temperature);
    }
    if (topK < 0) {
      throw InvalidInputException.of("top_k must be >= 0 (0 = off), got %d", topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw InvalidInputException.of("top_p must be in (0, 1] (1 = off), got %s", topP);
    }
    if (maxNewTokens <= 0) {
      throw InvalidInputException.of("max_new_tokens must be positive, got %d", maxNewTokens);
    }
    stopTokenIds = stopTokenIds.clone();
  }

  /** Plain sampling at temperature 1 with no truncation. */
  public static SamplingParams sample(int maxNewTokens, long seed, int... stopTokenIds) {
    return new SamplingParams(DEFAULT_TEMPERATURE, 0, 1.0, maxNewTokens, stopTokenIds, seed);
  }

  /** Greedy decoding. */
  public static SamplingParams greedy(int maxNewTokens, int... stopTokenIds) {
    return new SamplingParams(0, 0, 1.0, maxNewTokens, stopTokenIds, 0);
  }

  public SamplingParams withTemperature(double value) {
    return new SamplingParams(value, topK, topP, maxNewTokens, stopTokenIds, seed);
  }

  public SamplingParams withTopK(int value) {
    return new SamplingParams(temperature, value, topP, maxNewTokens, stopTokenIds, seed);
  }

  public SamplingParams withTopP(double value) {
    return new SamplingParams(temperature, topK, value, maxNewTokens, stopTokenIds, seed);
  }

  public SamplingParams withSeed(long value) {
    return new SamplingParams(temperature, topK, topP, maxNewTokens, stopTokenIds, value);
  }

  @Override
  public int[] stopTokenIds() {
    return stopTokenIds.clone();
  }

  public boolean isStop(int token) {
    for (int s : stopTokenIds) {
      if (s == token) {
        return true;
      }
    }
    return false;
  }

  public boolean greedy() {
    return temperature == 0;
  }

  /**
   * Whether top-k or top-p may cut the support of the sampling distribution. Then the behavior log-probs are
   * those of the truncated distribution, and importance weights against the untruncated target are biased
   * wherever the target puts mass on a cut token.
   */
  public boolean truncates() {
    return !greedy() && (topK > 0 || topP < 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingParams p && p.temperature == temperature && p.topK == topK && p.topP == topP
        && p.maxNewTokens == maxNewTokens && Arrays.equals(p.stopTokenIds, stopTokenIds) && p.seed == seed;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(temperature) * 31 + Arrays.hashCode(stopTokenIds) + Long.hashCode(seed) * 17
        + topK * 7 + maxNewTokens;
  }

  @Override
  public String toString() {
    return "SamplingParams[temperature=" + temperature + ", topK=" + topK + ", topP=" + topP + ", maxNewTokens="
        + maxNewTokens + ", stop=" + Arrays.toString(stopTokenIds) + ", seed=" + seed + "]";
  }
}
