package dev.nestedreft.spi.backend;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Next-token logits {@code [batch, length, vocab]} in fp32, row-major: {@code at(b, t, v)} is the score of token
 * {@code v} following positions {@code 0..t} of row {@code b}. Owns a heap array; immutable by convention.
 */
public final class Logits {
  private final int batch;
  private final int length;
  private final int vocab;
  private final float[] values;

  public Logits(int batch, int length, int vocab, float[] values) {
    checkArgument((long) batch * length * vocab == values.length,
        "logits: %s values do not fill [%s, %s, %s]", values.length, batch, length, vocab);
    this.batch = batch;
    this.length = length;
    this.vocab = vocab;
    this.values = values;
  }

  public int batch() {
    return batch;
  }

  public int length() {
    return length;
  }

  public int vocab() {
    return vocab;
  }

  public float at(int b, int t, int v) {
    return values[(b * length + t) * vocab + v];
  }

  /** The backing array, row-major; callers must not modify it. */
  public float[] values() {
    return values;
  }

  /**
   * Log-probability of each next token: {@code out[b][t] = log softmax(logits[b, t])[tokens[b, t + 1]]}, for
   * {@code t < length - 1}. Computed in double precision with the max-shift log-sum-exp.
   */
  public float[][] nextTokenLogprobs(TokenBatch tokens) {
    checkArgument(tokens.batch() == batch && tokens.length() == length,
        "tokens [%s, %s] do not match logits [%s, %s]", tokens.batch(), tokens.length(), batch, length);
    float[][] out = new float[batch][Math.max(0, length - 1)];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t + 1 < length; t++) {
        int base = (b * length + t) * vocab;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
          max = Math.max(max, values[base + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
          sum += Math.exp(values[base + v] - max);
        }
        out[b][t] = (float) (values[base + tokens.at(b, t + 1)] - max - Math.log(sum));
      }
    }
    return out;
  }

  /** The largest absolute difference between these logits and {@code other} of the same shape. */
  public double maxAbsDiff(Logits other) {
    checkArgument(other.batch == batch && other.length == length && other.vocab == vocab,
        "logits shapes differ: [%s, %s, %s] vs [%s, %s, %s]", batch, length, vocab, other.batch, other.length,
        other.vocab);
    double max = 0;
    for (int i = 0; i < values.length; i++) {
      max = Math.max(max, Math.abs((double) values[i] - other.values[i]));
    }
    return max;
  }
}
