package dev.nestedreft.api.probe;

import java.util.List;

/**
 * One skip budget's search result, beside the random sets of the same size.
 *
 * @param fraction the skip fraction asked for
 * @param count the layers it means, {@code round(fraction · L)}
 * @param order the found set's layers in the order the greedy search added them
 * @param found the found set's plan and figures
 * @param random the random sets' plans and figures
 */
public record SkipSetSearch(double fraction, int count, List<Integer> order, PlanCost found, List<PlanCost> random) {
  public SkipSetSearch {
    order = List.copyOf(order);
    random = List.copyOf(random);
  }

  /** The random sets' figures, averaged; NaN without random sets. */
  public PlanFigures randomFigures() {
    return PlanFigures.mean(random.stream().map(PlanCost::figures).toList());
  }

  /** The random sets' tokens/s, averaged; NaN without random sets. */
  public double randomTokensPerSecond() {
    return random.stream().mapToDouble(PlanCost::tokensPerSecond).average().orElse(Double.NaN);
  }
}
