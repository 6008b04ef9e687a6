package dev.nestedreft.cli;

import static dev.nestedreft.cli.BenchOptions.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.SkipSelection;
import dev.nestedreft.api.bench.ForwardBenchmark;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "forward", mixinStandardHelpOptions = true,
    description = "Forward-pass latency (full sequence, no cache) of each backend for the full plan and nested "
        + "plans, interleaved in one process after a warm-up.")
final class BenchForwardCommand implements Callable<Integer> {
  @Option(names = "--batch", defaultValue = "16", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seq", defaultValue = "64", description = "Tokens per row (default: ${DEFAULT-VALUE}).")
  int seq;

  @Option(names = "--skip-fractions", defaultValue = "0,0.25", split = ",",
      description = "Fractions of layers to skip, spread evenly over interior layers (default: ${DEFAULT-VALUE}).")
  List<Double> fractions;

  @Option(names = "--backends", defaultValue = "tf,onnx", split = ",", description = "(default: ${DEFAULT-VALUE})")
  List<String> names;

  @Option(names = "--warmup", defaultValue = "3", description = "Warm-up rounds (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--iterations", defaultValue = "20", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Mixin BenchOptions bench;

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(bench.command)) {
      return run(plugins);
    }
  }

  private Integer run(PluginSet plugins) throws Exception {
    ModelSpec model = bench.model();
    List<LayerPlan> plans = SkipSelection.evenlySpaced(model.numHiddenLayers(), fractions);
    BackendOptions options = bench.backendOptions();
    List<ForwardBenchmark.Result> results = BenchOptions.withRandomWeights(model, (allocator, weights) ->
        ForwardBenchmark.run(plugins.backends(), names, model, weights,
            TokenBatch.random(model.vocabSize(), batch, seq, 11), plans, options, warmup, iterations));
    ObjectNode root = bench.report("forward", options);
    root.put("batch", batch);
    root.put("seq", seq);
    ArrayNode rows = root.putArray("results");
    for (ForwardBenchmark.Result r : results) {
      ObjectNode row = rows.addObject();
      row.put("backend", r.backend());
      row.put("layers_run", r.plan().size());
      BenchOptions.putSkipped(row, r.plan().skipped());
      row.put("median_ms", round(r.medianMs(), 3));
      row.put("min_ms", round(r.minMs(), 3));
      row.put("speedup_vs_full", round(ForwardBenchmark.speedupOverFull(results, r), 3));
      row.put("ideal_speedup_layers_only", round((double) r.plan().numLayers() / r.plan().size(), 3));
    }
    bench.print(root, out -> {
      out.printf("forward latency, preset %s, batch %d x %d tokens, %d intra-op threads, median of %d%n", bench.preset,
          batch, seq, options.intraOpThreads(), iterations);
      out.printf("%-8s %-12s %-14s %10s %10s %10s%n", "backend", "layers run", "skipped", "median ms", "min ms",
          "vs full");
      for (var node : rows) {
        out.printf("%-8s %-12d %-14s %10.2f %10.2f %9.2fx%n", node.get("backend").asText(),
            node.get("layers_run").asInt(), BenchOptions.skippedText(node), node.get("median_ms").asDouble(),
            node.get("min_ms").asDouble(), node.get("speedup_vs_full").asDouble());
      }
    });
    return 0;
  }
}
