package dev.nestedreft.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums an ONNX Runtime profile (the Chrome-trace JSON that session profiling writes) by operator type: total
 * kernel microseconds and the share of all kernel time. This is where a generation step's runtime goes.
 */
public final class KernelProfile {
  private KernelProfile() {}

  /** Operator type to total kernel microseconds, largest first. */
  public static Map<String, Long> byOperator(Path file) {
    JsonNode events;
    try {
      events = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the ONNX Runtime profile: " + e.getMessage(), e);
    }
    Map<String, Long> totals = new TreeMap<>();
    for (JsonNode event : events) {
      JsonNode name = event.get("name");
      JsonNode args = event.get("args");
      if (name != null && name.asText().endsWith("_kernel_time") && args != null && args.has("op_name")) {
        totals.merge(args.get("op_name").asText(), event.path("dur").asLong(), Long::sum);
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
