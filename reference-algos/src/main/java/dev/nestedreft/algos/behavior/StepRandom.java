package dev.nestedreft.algos.behavior;

import java.util.SplittableRandom;

/**
 * The random stream of one step's draw: {@code SplittableRandom(mix(mix(seed) ⊕ step · φ))}, with {@code mix}
 * the SplitMix64 finaliser and {@code φ = 0x9E3779B97F4A7C15} — a function of {@code (seed, step)} only.
 */
final class StepRandom {
  private StepRandom() {}

  static SplittableRandom of(long seed, long step) {
    return new SplittableRandom(mix(mix(seed) ^ (step * 0x9E3779B97F4A7C15L)));
  }

  /** SplitMix64's output function (Steele, Lea and Flood, 2014). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
