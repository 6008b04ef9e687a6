package dev.nestedreft.api.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one training step, by the names documented in docs/METRICS.md, in a stable order. Timing fields
 * end in {@code _s}, {@code _ms} or {@code _per_s}; everything else is deterministic for a given seed.
 */
public final class StepMetrics {
  private final Map<String, Object> values = new LinkedHashMap<>();

  public StepMetrics put(String name, Object value) {
    values.put(name, value);
    return this;
  }

  public Map<String, Object> values() {
    return values;
  }

  public double number(String name) {
    Object v = values.get(name);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** Whether a metric is a measurement of time (excluded when comparing runs for exact resumption). */
  public static boolean isTiming(String name) {
    return name.endsWith("_s") || name.endsWith("_ms") || name.endsWith("_per_s");
  }
}
