package dev.nestedreft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.bench.Roofline;
import dev.nestedreft.api.bench.Spread;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code bench} command shares: the architecture ({@link PresetOption}), the backend options, random
 * weights, JSON or text output, and the fields every report records about the machine it ran on.
 */
final class BenchOptions extends PresetOption {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The seed of every benchmark's random weights. */
  static final long WEIGHT_SEED = 7;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--no-roofline", description = "Do not measure this machine's matrix-product throughput and "
      + "memory bandwidth (about 2 s), nor report each plan's fraction of that limit.")
  boolean noRoofline;

  @Mixin CommonOptions common;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  BackendOptions backendOptions() {
    return common.backendOptions();
  }

  /** A measurement on random weights; the allocator and the weights are closed when it returns. */
  @FunctionalInterface
  interface Measurement<T> {
    T run(BufferAllocator allocator, WeightSet weights) throws Exception;
  }

  /** Runs {@code measurement} on weights for {@code model} drawn from {@value #WEIGHT_SEED}, then frees them. */
  static <T> T withRandomWeights(ModelSpec model, Measurement<T> measurement) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(model, WEIGHT_SEED, allocator)) {
      return measurement.run(allocator, weights);
    }
  }

  /** This machine's limits at {@code options}' thread count, or null with {@code --no-roofline} or no probe. */
  MachineLimits machineLimits(BackendOptions options, Consumer<String> progress) {
    if (noRoofline) {
      return null;
    }
    progress.accept("measuring this machine's limits (matrix products, memory bandwidth)");
    MachineLimits limits = Roofline.measure(options);
    if (limits != null) {
      progress.accept(String.format("limits: %.0f GFLOP/s, %.1f GB/s with %d threads (%s kernels)",
          limits.flopsPerSecond() / 1e9, limits.bytesPerSecond() / 1e9, limits.threads(), limits.engine()));
    }
    return limits;
  }

  /** The machine's limits on a report, under {@code machine_limits}; nothing when not measured. */
  static void putLimits(ObjectNode root, MachineLimits limits) {
    if (limits == null) {
      return;
    }
    ObjectNode node = root.putObject("machine_limits");
    node.put("matmul_gflop_per_s", round(limits.flopsPerSecond() / 1e9, 1));
    node.put("read_gb_per_s", round(limits.bytesPerSecond() / 1e9, 2));
    node.put("engine", limits.engine());
    node.put("threads", limits.threads());
  }

  static void printLimits(PrintWriter out, MachineLimits limits) {
    if (limits != null) {
      out.printf("roofline: this machine's limits with %d threads are %.0f GFLOP/s (fp32 matrix products) and "
          + "%.1f GB/s (streaming reads), measured with %s's kernels%n", limits.threads(),
          limits.flopsPerSecond() / 1e9, limits.bytesPerSecond() / 1e9, limits.engine());
    }
  }

  /** A spread on {@code row} as {@code name: {median, min, max, rounds}}. */
  static void putSpread(ObjectNode row, String name, Spread spread, int digits) {
    ObjectNode node = row.putObject(name);
    node.put("median", round(spread.median(), digits));
    node.put("min", round(spread.min(), digits));
    node.put("max", round(spread.max(), digits));
    node.put("rounds", spread.rounds());
  }

  /** {@code 1.23-1.31} for the text tables. */
  static String rangeText(Spread spread, int digits) {
    return Figures.fixed(spread.min(), digits) + "-" + Figures.fixed(spread.max(), digits);
  }

  /** A plan's skipped layers as a JSON array on {@code row} under {@code skipped}. */
  static void putSkipped(ObjectNode row, int[] skipped) {
    ArrayNode layers = row.putArray("skipped");
    for (int layer : skipped) {
      layers.add(layer);
    }
  }

  /** The {@code skipped} array of a row, for the text table: {@code [3, 5]}. */
  static String skippedText(JsonNode row) {
    List<String> layers = new ArrayList<>();
    row.get("skipped").forEach(n -> layers.add(n.asText()));
    return "[" + String.join(", ", layers) + "]";
  }

  /** {@code v} rounded to {@code digits} decimals, for the reports; NaN stays NaN. */
  static double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return v;
    }
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
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

  /** Where the command's progress lines go. */
  PrintWriter err() {
    return command.commandLine().getErr();
  }

  /** Prints {@code report} as one JSON object with {@code --json}, else as {@code text} writes it. */
  void print(ObjectNode report, Consumer<PrintWriter> text) {
    PrintWriter out = command.commandLine().getOut();
    if (!json) {
      text.accept(out);
      return;
    }
    try {
      out.println(JSON.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
