package dev.nestedreft.cli;

import dev.nestedreft.api.SkipSelection;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.bench.ForwardBenchmark;
import dev.nestedreft.api.parity.ParityCheck;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The foundation everything stands on: the same model computed by TensorFlow Java (the learner) and by
 * truncated-layer ONNX graphs in ONNX Runtime (the rollout backend) agree for the full model and for nested plans,
 * and nested plans are cheaper.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
    description = "Show TF/ONNX Runtime parity on the tiny model for the full plan and nested plans, with forward "
        + "timings.")
final class ParityCommand implements Callable<Integer> {
  @Mixin PresetOption architecture;

  @Option(names = "--seed", defaultValue = "7", description = "Weight seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(spec)) {
      return run(plugins);
    }
  }

  private Integer run(PluginSet plugins) {
    PrintWriter out = spec.commandLine().getOut();
    ModelSpec model = architecture.model();
    int layers = model.numHiddenLayers();
    List<LayerPlan> plans = List.of(model.fullPlan(), SkipSelection.evenlySpaced(layers, 0.125),
        SkipSelection.evenlySpaced(layers, 0.25), SkipSelection.evenlySpaced(layers, 0.5));
    BackendOptions options = common.backendOptions();
    Backends backends = plugins.backends();
    out.printf("nested-reft parity: preset %s (%d layers, %,d parameters), seed %d, backends %s%n",
        architecture.preset, layers, model.parameterCount(), seed, backends.forwardProviders().describe());
    out.println("The learner (TensorFlow Java) and the rollout backend (ONNX Runtime, truncated-layer graphs) must "
        + "compute the same logits for every layer plan.");
    boolean ok = true;
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(model, seed, allocator, true)) {
      TokenBatch tokens = TokenBatch.random(model.vocabSize(), 4, 48, seed);
      List<ParityCheck.Row> rows = ParityCheck.run(backends, "tf", "onnx", model, weights, tokens, plans, options);
      out.printf("%n%-28s %8s %16s %18s %6s%n", "plan (layers run)", "skipped", "max |tf - onnx|",
          "max |plan - full|", "");
      for (ParityCheck.Row row : rows) {
        ok &= row.passed();
        out.printf("%-28s %8d %16.2e %18.3f %6s%n", row.plan().compact(), row.plan().skipped().length,
            row.maxAbsDiff(), row.distanceFromFull(), row.passed() ? "ok" : "FAIL");
      }
      TokenBatch bench = TokenBatch.random(model.vocabSize(), 16, 64, seed + 1);
      List<ForwardBenchmark.Result> timings = ForwardBenchmark.run(backends, List.of("tf", "onnx"), model, weights,
          bench, plans, options, 2, 5);
      out.printf("%nforward latency, batch 16 x 64 tokens (median of 5, after warm-up):%n");
      out.printf("%-8s %-28s %10s %12s%n", "backend", "plan", "ms", "vs full");
      for (ForwardBenchmark.Result r : timings) {
        out.printf("%-8s %-28s %10.2f %11.2fx%n", r.backend(), r.plan().compact(), r.medianMs(),
            ForwardBenchmark.speedupOverFull(timings, r));
      }
    }
    out.printf("%nparity (tolerance %.0e): %s%n", ParityCheck.TOLERANCE, ok ? "OK" : "FAILED");
    return ok ? 0 : Main.EXIT_ERROR;
  }
}
