package dev.nestedreft.spi.rollout;

/**
 * Where the time of one {@code generate} call went, in nanoseconds, for profiles and benchmarks.
 *
 * @param sequences sequences generated
 * @param generatedTokens tokens generated over all sequences
 * @param steps decoding steps after the prefill
 * @param prefillNanos prompt prefill, including sharing it across a prompt's samples
 * @param decodeNanos runtime time of the decoding steps (inside the inference runtime)
 * @param inputNanos building step inputs (ids, positions, masks) in Java
 * @param samplingNanos sampling in Java (temperature, top-k/top-p, the draw)
 * @param compactionNanos dropping finished sequences from the key-value cache
 * @param totalNanos the whole call
 */
public record GenerationStats(
    int sequences,
    long generatedTokens,
    int steps,
    long prefillNanos,
    long decodeNanos,
    long inputNanos,
    long samplingNanos,
    long compactionNanos,
    long totalNanos) {

  /** Generated tokens per second of the whole call. */
  public double tokensPerSecond() {
    return generatedTokens / (totalNanos / 1e9);
  }
}
