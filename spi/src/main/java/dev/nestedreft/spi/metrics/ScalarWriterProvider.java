package dev.nestedreft.spi.metrics;

import java.nio.file.Path;

/**
 * Creates {@link ScalarWriter}s; registered in
 * {@code META-INF/services/dev.nestedreft.spi.metrics.ScalarWriterProvider}
 * and found by name (e.g. {@code "tensorboard"}).
 */
public interface ScalarWriterProvider {
  String name();

  boolean isAvailable();

  /**
   * One line for listings ({@code nested-reft plugins}): where the scalars go.
   *
   * <p>Empty by default. A class that provides several services (a forward backend and a learner, say)
   * declares it once for all.
   */
  default String description() {
    return "";
  }

  /** A writer appending to event files under {@code logDir} (created if needed). */
  ScalarWriter open(Path logDir);
}
