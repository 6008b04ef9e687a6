package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.List;

/**
 * The double-precision weights of a correction, with, per token, whether the correction clipped, truncated or
 * masked it. {@link #toFloat()} turns them into the SPI's float weights.
 *
 * <p>A weight may be {@code +∞} here when {@code exp} overflows a double (a log-ratio above about 709).
 */
public final class ExactWeights {
  private final double[][] weights;
  private final boolean[][] clipped;

  private ExactWeights(double[][] weights, boolean[][] clipped) {
    this.weights = weights;
    this.clipped = clipped;
  }

  /** Zero weights, none clipped, with one row per sequence of {@code tokens}. */
  static ExactWeights shapedLike(SequenceLogprobs tokens) {
    double[][] weights = new double[tokens.sequences()][];
    boolean[][] clipped = new boolean[tokens.sequences()][];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = new double[tokens.length(i)];
      clipped[i] = new boolean[tokens.length(i)];
    }
    return new ExactWeights(weights, clipped);
  }

  void set(int sequence, int token, double weight, boolean wasClipped) {
    weights[sequence][token] = weight;
    clipped[sequence][token] = wasClipped;
  }

  public int sequences() {
    return weights.length;
  }

  public double weight(int sequence, int token) {
    return weights[sequence][token];
  }

  /** The weights of sequence {@code i}; a fresh copy. */
  public double[] row(int sequence) {
    return weights[sequence].clone();
  }

  public boolean clipped(int sequence, int token) {
    return clipped[sequence][token];
  }

  public long tokens() {
    long n = 0;
    for (double[] row : weights) {
      n += row.length;
    }
    return n;
  }

  /** Fraction of tokens the correction clipped, truncated or masked; 0 when there are no tokens. */
  public double clippedFraction() {
    long n = tokens();
    return n == 0 ? 0 : (double) clippedTokens(false) / n;
  }

  /**
   * Float weights. A weight above {@link Float#MAX_VALUE} (an overflowing importance ratio) becomes
   * {@link Float#MAX_VALUE} and counts as clipped.
   */
  public CorrectionWeights toFloat() {
    List<float[]> rows = new ArrayList<>(weights.length);
    for (double[] row : weights) {
      float[] out = new float[row.length];
      for (int t = 0; t < row.length; t++) {
        out[t] = row[t] > Float.MAX_VALUE ? Float.MAX_VALUE : (float) row[t];
      }
      rows.add(out);
    }
    long n = tokens();
    return CorrectionWeights.of(rows, n == 0 ? 0 : (double) clippedTokens(true) / n);
  }

  private long clippedTokens(boolean countCapped) {
    long count = 0;
    for (int i = 0; i < weights.length; i++) {
      for (int t = 0; t < weights[i].length; t++) {
        if (clipped[i][t] || (countCapped && weights[i][t] > Float.MAX_VALUE)) {
          count++;
        }
      }
    }
    return count;
  }
}
