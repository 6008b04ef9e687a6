package dev.nestedreft.algos.correction;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;

/**
 * Base of the reference corrections: they compute every weight in double precision ({@link #exactWeights}) and
 * hand the SPI float weights capped at {@link Float#MAX_VALUE} ({@link ExactWeights#toFloat()}). The shapes are
 * checked once here: one advantage per sequence, and no NaN log-ratio.
 *
 * <p>Every reference correction weighs a token by a function of one ratio and the sequence's advantage; the
 * {@link Level} says which ratio, and a subclass says only whether that ratio is clipped ({@link #clipped}) and
 * what the weight is ({@link #weight}). Subclasses live in this package.
 */
public abstract class DoublePrecisionCorrection implements OffPolicyCorrection {
  /** The ratio a weight is a function of: the same for every token of a sequence unless {@link #TOKEN}. */
  enum Level {
    /** The token's own ratio {@code ρ_t = exp(log π_target − log π_behavior)}. */
    TOKEN,
    /** The sequence ratio {@code ρ_seq = exp(Σ_t log ρ_t)}. */
    SEQUENCE,
    /** The geometric mean of the token ratios, {@code exp((1/|y|) Σ_t log ρ_t)} (GSPO's). */
    GEOMETRIC_MEAN
  }

  private final String name;
  private final Level level;

  DoublePrecisionCorrection(String name, Level level) {
    this.name = name;
    this.level = level;
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
  private void fill(SequenceLogprobs tokens, float[] advantages, ExactWeights out) {
    for (int i = 0; i < tokens.sequences(); i++) {
      double advantage = advantages[i];
      double sequenceRatio = switch (level) {
        case TOKEN -> Double.NaN;
        case SEQUENCE -> Math.exp(tokens.sequenceLogRatio(i));
        case GEOMETRIC_MEAN -> Math.exp(tokens.sequenceLogRatio(i) / tokens.length(i));
      };
      for (int t = 0; t < tokens.length(i); t++) {
        double ratio = level == Level.TOKEN ? Math.exp(tokens.logRatio(i, t)) : sequenceRatio;
        boolean clipped = clipped(ratio, advantage);
        out.set(i, t, weight(ratio, advantage, clipped), clipped);
      }
    }
  }

  /** Whether the correction clips, truncates or masks a token of this ratio and advantage; never, unless overridden. */
  boolean clipped(double ratio, double advantage) {
    return false;
  }

  /** The token's weight, given the ratio of its {@link Level}, its sequence's advantage and {@link #clipped}. */
  abstract double weight(double ratio, double advantage, boolean clipped);

  @Override
  public String toString() {
    return "correction '" + name + "'";
  }
}
