package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.Params;

/**
 * Base of the policies that skip {@code k} layers of a skippable range: the count ({@code k} or {@code fraction},
 * {@link SkipCount}) and the range ({@code protect_ends} or {@code min_layer}/{@code max_layer}, {@link SkipRange}),
 * both read from the parameters and checked against each model at the draw. Their factories declare
 * {@link SkipCount#PARAMS} and {@link SkipRange#PARAMS}.
 */
abstract class SkipRangePolicy extends SeededPolicy {
  final SkipRange range;
  private final SkipCount count;

  /** Reads the count, then the range, from {@code params}. */
  SkipRangePolicy(String name, Params params, long seed) {
    super(name, params.owner(), seed);
    this.count = SkipCount.parse(params);
    this.range = SkipRange.parse(params);
  }

  /**
   * The count for a {@code layers}-layer model, checked against the range.
   *
   * @param what words before the count in messages: "" or "a block of "
   */
  int checkedCount(int layers, String what) {
    return range.checkedCount(count, layers, what);
  }
}
