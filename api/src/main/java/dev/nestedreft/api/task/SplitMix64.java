package dev.nestedreft.api.task;

/**
 * The SplitMix64 generator and a stable string hash built on its finaliser. Both are fixed here, not borrowed
 * from the JDK, so generated problems and splits stay the same across JDK versions and platforms.
 */
final class SplitMix64 {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;

  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in {@code [lo, hi]} (a modulo bias below 2^-40 for the ranges used here). */
  int between(int lo, int hi) {
    if (hi < lo) {
      throw new IllegalArgumentException("empty range [" + lo + ", " + hi + "]");
    }
    return lo + (int) Long.remainderUnsigned(nextLong(), (long) hi - lo + 1);
  }

  /** The SplitMix64 finaliser: a bijection of {@code long} that spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a over the UTF-16 units of {@code text}, then {@link #mix}. */
  static long hash(String text) {
    long h = FNV_OFFSET;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return mix(h);
  }
}
