package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * Base of the reference corrections: they compute every weight in double precision ({@link #exactWeights}) and
 * hand the SPI float weights capped at {@link Float#MAX_VALUE} ({@link ExactWeights#toFloat()}). The shapes are
 * checked once here: one advantage per sequence, and no NaN log-ratio. Subclasses live in this package.
 */
public abstract class DoublePrecisionCorrection implements OffPolicyCorrection {
  private final String name;

  DoublePrecisionCorrection(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages) {
    return exactWeights(tokens, advantages).toFloat();
  }

  /**
   * The weights in double precision.
   *
   * @throws IllegalArgumentException when the advantages do not match the sequences or a log-ratio is NaN
   */
  public final ExactWeights exactWeights(SequenceLogprobs tokens, float[] advantages) {
    if (advantages.length != tokens.sequences()) {
      throw new IllegalArgumentException(String.format("correction '%s': %d advantages for %d sequences", name,
          advantages.length, tokens.sequences()));
    }
    for (int i = 0; i < tokens.sequences(); i++) {
      for (int t = 0; t < tokens.length(i); t++) {
        if (Double.isNaN(tokens.logRatio(i, t))) {
          throw new IllegalArgumentException(String.format(
              "correction '%s': sequence %d, token %d: log π_target − log π_behavior is NaN "
                  + "(target %s, behavior %s)",
              name, i, t, tokens.target().get(i)[t], tokens.behavior().get(i)[t]));
        }
      }
    }
    ExactWeights out = ExactWeights.shapedLike(tokens);
    fill(tokens, advantages, out);
    return out;
  }

  /** Sets every token's weight and clipped flag of {@code out}; the shapes are already checked. */
  abstract void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out);

  @Override
  public String toString() {
    return "correction '" + name + "'";
  }
}
