package dev.nestedreft.api;

import dev.nestedreft.spi.backend.Provenance;
import java.util.Map;

/** Project-wide constants and the provenance every artefact carries. */
public final class NestedReft {
  /** The software version written into checkpoints and exported graphs. */
  public static final String VERSION = "0.1.0";

  private NestedReft() {}

  /**
   * Provenance with the version, the Java runtime and {@code extra} entries (such as the seed, the preset or
   * the command), each key prefixed {@value Provenance#PREFIX}.
   */
  public static Provenance provenance(Map<String, String> extra) {
    Provenance p = Provenance.of(Map.of())
        .with("version", VERSION)
        .with("java", System.getProperty("java.version"));
    for (Map.Entry<String, String> e : extra.entrySet()) {
      p = p.with(e.getKey(), e.getValue());
    }
    return p;
  }
}
