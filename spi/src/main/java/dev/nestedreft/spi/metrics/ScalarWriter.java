package dev.nestedreft.spi.metrics;

import java.util.Map;

/**
 * Writes scalar metrics per step to an external format (TensorBoard event files). Owns its files until
 * {@link #close()}. Not thread-safe.
 */
public interface ScalarWriter extends AutoCloseable {
  /** Writes every value of {@code scalars} at {@code step}; non-finite values are skipped. */
  void write(long step, Map<String, Double> scalars);

  /** Flushes buffered events to disk. */
  void flush();

  @Override
  void close();
}
