package dev.nestedreft.spi.backend;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;

/**
 * Where a model artefact came from: the spec, the layer plan, the seed, the software version, written into
 * checkpoints and into ONNX {@code metadata_props}. Keys are stable strings prefixed {@code nested_reft.}.
 *
 * @param entries sorted key-value pairs
 */
public record Provenance(ImmutableSortedMap<String, String> entries) {
  public static final String PREFIX = "nested_reft.";

  public Provenance {
    entries = ImmutableSortedMap.copyOf(entries);
  }

  public static Provenance of(Map<String, String> entries) {
    return new Provenance(ImmutableSortedMap.copyOf(entries));
  }

  /** A copy with {@code key} (prefixed if it is not already) set to {@code value}. */
  public Provenance with(String key, String value) {
    String full = key.startsWith(PREFIX) ? key : PREFIX + key;
    return new Provenance(ImmutableSortedMap.<String, String>naturalOrder()
        .putAll(entries.entrySet().stream().filter(e -> !e.getKey().equals(full)).toList())
        .put(full, value)
        .build());
  }
}
