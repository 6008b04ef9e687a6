package dev.nestedreft.algos.reward;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A weighted sum of rewards: {@code score = Σ w_i · r_i}. Its name lists the terms, e.g.
 * {@code 0.9*math-answer+0.1*format}; a single term of weight 1 is named after its reward alone. Weights are
 * finite and {@code >= 0} (a weight of 0 switches a term off while keeping it in the name).
 */
public final class WeightedReward implements RewardFn {
  /**
   * One term of the sum.
   *
   * @param reward the reward
   * @param weight its weight, finite and {@code >= 0}
   */
  public record Term(RewardFn reward, double weight) {
    public Term {
      Objects.requireNonNull(reward, "reward");
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw InvalidInputException.of("reward '%s': weight must be a finite number >= 0, got %s", reward.name(),
            weight);
      }
    }
  }

  private final ImmutableList<Term> terms;
  private final String name;

  /** @throws InvalidInputException when {@code terms} is empty */
  public WeightedReward(List<Term> terms) {
    this.terms = ImmutableList.copyOf(terms);
    if (this.terms.isEmpty()) {
      throw new InvalidInputException("a weighted reward needs at least one term");
    }
    this.name = nameOf(this.terms);
  }

  /**
   * Parses {@code name[:weight],name[:weight],...}, such as {@code math-answer:0.9,format:0.1} or
   * {@code math-answer} (weight 1). Blanks around names and weights are ignored.
   *
   * @param spec the specification
   * @param byName the reward of a name; it may throw {@link InvalidInputException} for an unknown name, or return
   *     {@code null}, which is reported here
   * @throws InvalidInputException for an empty spec or term, a missing name, a weight that is not a finite
   *     number {@code >= 0}, a repeated name, or an unknown reward
   */
  public static WeightedReward parse(String spec, Function<String, RewardFn> byName) {
    if (spec == null || spec.isBlank()) {
      throw new InvalidInputException(
          "reward spec is empty; expected name[:weight],... such as math-answer:0.9,format:0.1");
    }
    ImmutableList.Builder<Term> terms = ImmutableList.builder();
    Set<String> seen = new HashSet<>();
    String[] parts = spec.split(",", -1);
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p].trim();
      if (part.isEmpty()) {
        throw InvalidInputException.of("reward spec '%s': term %d is empty", spec, p + 1);
      }
      int colon = part.indexOf(':');
      String rewardName = (colon < 0 ? part : part.substring(0, colon)).trim();
      if (rewardName.isEmpty()) {
        throw InvalidInputException.of("reward spec '%s': term '%s' has no reward name", spec, part);
      }
      double weight = colon < 0 ? 1.0 : parseWeight(spec, rewardName, part.substring(colon + 1).trim());
      if (!seen.add(rewardName)) {
        throw InvalidInputException.of("reward spec '%s': reward '%s' appears twice", spec, rewardName);
      }
      RewardFn reward = byName.apply(rewardName);
      if (reward == null) {
        throw InvalidInputException.of("reward spec '%s': unknown reward '%s'", spec, rewardName);
      }
      terms.add(new Term(reward, weight));
    }
    return new WeightedReward(terms.build());
  }

  private static double parseWeight(String spec, String rewardName, String text) {
    double weight;
    try {
      // BigDecimal, not Double.parseDouble: it refuses "NaN", "Infinity", "1d" and hexadecimal floats.
      weight = new BigDecimal(text).doubleValue();
    } catch (NumberFormatException e) {
      weight = Double.NaN;
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw InvalidInputException.of("reward spec '%s': weight of '%s' must be a finite number >= 0, got '%s'",
          spec, rewardName, text);
    }
    return weight;
  }

  private static String nameOf(List<Term> terms) {
    if (terms.size() == 1 && terms.get(0).weight() == 1.0) {
      return terms.get(0).reward().name();
    }
    StringBuilder out = new StringBuilder();
    for (Term t : terms) {
      if (out.length() > 0) {
        out.append('+');
      }
      out.append(BigDecimal.valueOf(t.weight()).stripTrailingZeros().toPlainString()).append('*')
          .append(t.reward().name());
    }
    return out.toString();
  }

  public ImmutableList<Term> terms() {
    return terms;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double score(RewardInput input) {
    double sum = 0;
    for (Term t : terms) {
      sum += t.weight() * t.reward().score(input);
    }
    return sum;
  }
}
