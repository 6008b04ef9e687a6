package dev.nestedreft.spi.rollout;

/** How a rollout backend reuses work between decoding steps. */
public enum CacheMode {
  /** Keys and values of past positions are cached; each step computes one new position per sequence. */
  KV_CACHE,
  /** Every step re-runs each sequence's whole prefix: the baseline that shows what the cache saves. */
  RECOMPUTE
}
