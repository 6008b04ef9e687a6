package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How per-token losses are combined into the batch loss (formulas in docs/ALGORITHMS.md). With {@code B}
 * sequences of lengths {@code n_i}: token-mean divides by {@code Σ n_i}; seq-mean-token-mean averages each
 * sequence's token mean; seq-mean-token-sum-norm (Dr. GRPO) divides each sequence's token sum by a constant
 * {@code C} (the maximum number of new tokens) before averaging over sequences.
 */
public enum LossAggregation {
  TOKEN_MEAN("token-mean"),
  SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean"),
  SEQ_MEAN_TOKEN_SUM_NORM("seq-mean-token-sum-norm");

  private final String wire;

  LossAggregation(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static LossAggregation parse(String text) {
    for (LossAggregation a : values()) {
      if (a.wire.equals(text)) {
        return a;
      }
    }
    throw InvalidInputException.of("unknown loss aggregation '%s'; expected one of %s", text,
        Arrays.stream(values()).map(LossAggregation::wire).collect(Collectors.joining(", ")));
  }

  /**
   * The coefficient {@code α_t} of every token: the loss is {@code Σ_i Σ_t α_{i,t} ℓ_{i,t}}.
   *
   * @param lengths the number of generated tokens of each sequence
   * @param normaliser {@code C} for {@link #SEQ_MEAN_TOKEN_SUM_NORM} (ignored otherwise)
   */
  public float[][] coefficients(int[] lengths, int normaliser) {
    float[][] out = new float[lengths.length][];
    long total = Arrays.stream(lengths).asLongStream().sum();
    for (int i = 0; i < lengths.length; i++) {
      float value = switch (this) {
        case TOKEN_MEAN -> total == 0 ? 0f : (float) (1.0 / total);
        case SEQ_MEAN_TOKEN_MEAN -> lengths[i] == 0 ? 0f : (float) (1.0 / ((double) lengths.length * lengths[i]));
        case SEQ_MEAN_TOKEN_SUM_NORM -> (float) (1.0 / ((double) lengths.length * normaliser));
      };
      out[i] = new float[lengths[i]];
      Arrays.fill(out[i], value);
    }
    return out;
  }
}
