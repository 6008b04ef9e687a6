package dev.nestedreft.spi.backend;

/**
 * What this machine's kernels reach, measured with an engine's own kernels at the thread count a benchmark uses:
 * the two ceilings of a roofline. A piece of work that does {@code F} FLOPs and must read {@code B} bytes takes at
 * least {@code max(F / flopsPerSecond, B / bytesPerSecond)}.
 *
 * @param flopsPerSecond fp32 matrix-product throughput (a multiply-add counts 2 FLOPs)
 * @param bytesPerSecond streaming read bandwidth from memory (a buffer far larger than the caches)
 * @param engine the engine that measured them
 * @param threads the intra-op threads they were measured with
 */
public record MachineLimits(double flopsPerSecond, double bytesPerSecond, String engine, int threads) {
  public MachineLimits {
    if (!(flopsPerSecond > 0) || !(bytesPerSecond > 0)) {
      throw new IllegalArgumentException("machine limits must be positive, got " + flopsPerSecond + " FLOP/s and "
          + bytesPerSecond + " B/s");
    }
  }

  /** The least time work of {@code flops} FLOPs reading {@code bytes} bytes can take on this machine, in seconds. */
  public double floorSeconds(double flops, double bytes) {
    return Math.max(flops / flopsPerSecond, bytes / bytesPerSecond);
  }
}
