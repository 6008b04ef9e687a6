package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Per sequence, the log-probabilities of its generated tokens under the target (learner) and the behavior (the
 * distribution that sampled them). Row {@code i} of both lists has the same length.
 */
public record SequenceLogprobs(ImmutableList<float[]> target, ImmutableList<float[]> behavior) {
  public SequenceLogprobs {
    checkArgument(target.size() == behavior.size(), "target has %s sequences, behavior %s", target.size(),
        behavior.size());
    for (int i = 0; i < target.size(); i++) {
      checkArgument(target.get(i).length == behavior.get(i).length,
          "sequence %s: %s target log-probs but %s behavior log-probs", i, target.get(i).length,
          behavior.get(i).length);
    }
  }

  public static SequenceLogprobs of(List<float[]> target, List<float[]> behavior) {
    return new SequenceLogprobs(ImmutableList.copyOf(target), ImmutableList.copyOf(behavior));
  }

  public int sequences() {
    return target.size();
  }

  /** {@code log ρ_t = log π_target − log π_behavior} for token {@code t} of sequence {@code i}. */
  public double logRatio(int i, int t) {
    return (double) target.get(i)[t] - behavior.get(i)[t];
  }

  /** {@code Σ_t log ρ_t} of sequence {@code i}: the log of the sequence importance ratio. */
  public double sequenceLogRatio(int i) {
    double sum = 0;
    for (int t = 0; t < target.get(i).length; t++) {
      sum += logRatio(i, t);
    }
    return sum;
  }

  public int length(int i) {
    return target.get(i).length;
  }

  public long totalTokens() {
    long n = 0;
    for (float[] row : target) {
      n += row.length;
    }
    return n;
  }
}
