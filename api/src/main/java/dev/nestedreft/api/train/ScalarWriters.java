package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.metrics.ScalarWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's metrics writers, each writing under {@code runs/<name>/<writer>/} (TensorBoard's events in
 * {@code runs/<name>/tensorboard/}). Closing closes them all.
 */
final class ScalarWriters implements AutoCloseable {
  private final List<ScalarWriter> writers;

  private ScalarWriters(List<ScalarWriter> writers) {
    this.writers = writers;
  }

  /**
   * Opens the writers called {@code names}.
   *
   * @throws dev.nestedreft.spi.InvalidInputException for a name that is unknown or not available here
   */
  static ScalarWriters open(Backends backends, List<String> names, Path runDir) {
    List<ScalarWriter> opened = new ArrayList<>();
    try {
      for (String name : names) {
        opened.add(backends.scalarWriters().select(name).open(runDir.resolve(name)));
      }
    } catch (RuntimeException e) {
      opened.forEach(ScalarWriter::close);
      throw e;
    }
    return new ScalarWriters(opened);
  }

  void write(long step, Map<String, Double> scalars) {
    for (ScalarWriter w : writers) {
      w.write(step, scalars);
    }
  }

  /** Flushes every writer's buffered events to disk (with each checkpoint). */
  void flush() {
    writers.forEach(ScalarWriter::flush);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (ScalarWriter w : writers) {
      try {
        w.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
