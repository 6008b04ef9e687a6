package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;

/**
 * Creates {@link FixedSkipPolicy} ({@code fixed}); parameter {@code skip}, required: the layers to skip,
 * semicolon-separated ({@code skip=3;5}; commas separate parameters). Range checks against the model happen at
 * the draw.
 */
public final class FixedSkipPolicyFactory implements BehaviorPolicyFactory {
  @Override
  public String name() {
    return FixedSkipPolicy.NAME;
  }

  @Override
  public String description() {
    return "the same nested plan every step: skips the layers of skip=i;j;...";
  }

  @Override
  public BehaviorPolicy create(Params params, long seed) {
    params.allowOnly("skip");
    String text = params.getString("skip", "");
    params.require(!text.isBlank(), "skip", "is required: semicolon-separated layers such as 3;5");
    String[] parts = text.split(";", -1);
    int[] skip = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        skip[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw InvalidInputException.of("%s: parameter 'skip' must be semicolon-separated layer numbers such as "
            + "3;5, got '%s'", params.owner(), text);
      }
      params.require(skip[i] >= 0, "skip", "must list layers >= 0");
    }
    return new FixedSkipPolicy(params.owner(), skip, seed);
  }
}
