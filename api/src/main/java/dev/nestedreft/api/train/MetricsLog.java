package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.NestedReftException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per step, flushed after each line so a crash loses at most the step in
 * flight. On resume the log is truncated to the checkpoint's step, so a resumed run's log equals an
 * uninterrupted one's. Metric names are listed in docs/METRICS.md.
 */
public final class MetricsLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BufferedWriter out;

  private MetricsLog(BufferedWriter out) {
    this.out = out;
  }

  /** Opens {@code file} for appending, first dropping every line whose step is after {@code lastStep}. */
  public static MetricsLog open(Path file, long lastStep) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          try {
            if (JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= lastStep) {
              kept.add(line);
            }
          } catch (IOException e) {
            // a torn last line from a crash: drop it
          }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
      }
      return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new NestedReftException(file + ": cannot open the metrics log: " + e.getMessage(), e);
    }
  }

  public void write(Map<String, Object> metrics) {
    ObjectNode node = JSON.valueToTree(metrics);
    try {
      out.write(JSON.writeValueAsString(node));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new NestedReftException("cannot write the metrics log: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new NestedReftException("cannot close the metrics log: " + e.getMessage(), e);
    }
  }
}
