package dev.nestedreft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every {@code bench} command shares: the architecture, the backend options, JSON or text output, and the
 * fields every report records about the machine it ran on.
 */
final class BenchOptions {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--preset", defaultValue = "tiny", description = "Architecture (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Mixin CommonOptions common;

  ModelSpec model() {
    return ModelPresets.get(preset);
  }

  /** A report holding the benchmark's name, the preset, the intra-op threads and the machine. */
  ObjectNode report(String benchmark, BackendOptions options) {
    ObjectNode root = JSON.createObjectNode();
    root.put("benchmark", benchmark);
    root.put("preset", preset);
    root.put("intra_op_threads", options.intraOpThreads());
    root.put("available_processors", Runtime.getRuntime().availableProcessors());
    root.put("os_arch", System.getProperty("os.arch"));
    root.put("java", System.getProperty("java.version"));
    return root;
  }

  /** Prints {@code report} as one JSON object. */
  static void printJson(PrintWriter out, ObjectNode report) {
    try {
      out.println(JSON.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
