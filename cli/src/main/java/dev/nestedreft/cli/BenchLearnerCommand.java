package dev.nestedreft.cli;

import static dev.nestedreft.cli.BenchOptions.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.bench.LearnerBenchmark;
import dev.nestedreft.api.bench.ProcessMemory;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.ModelSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "learner", mixinStandardHelpOptions = true,
    description = "Learner tokens/s (forward + backward) and the step-time overhead of each off-policy correction "
        + "against 'none', side by side in one process.")
final class BenchLearnerCommand implements Callable<Integer> {
  @Option(names = "--batch", defaultValue = "64", description = "Sequences (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--tokens", defaultValue = "64", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
  int tokens;

  @Option(names = "--prompt-tokens", defaultValue = "16",
      description = "Of which prompt tokens (the rest are completion; default: ${DEFAULT-VALUE}).")
  int promptTokens;

  @Option(names = "--corrections", defaultValue = "none,is,tis,ppo-clip,geo-mean,mask", split = ",",
      description = "Corrections to time; 'none' is the baseline (default: ${DEFAULT-VALUE}).")
  List<String> corrections;

  @Option(names = "--micro-batch", defaultValue = "16", description = "Sequences per forward/backward pass "
      + "(default: ${DEFAULT-VALUE}).")
  int microBatch;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin BenchOptions bench;

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(bench.command)) {
      return run(plugins);
    }
  }

  private Integer run(PluginSet plugins) throws Exception {
    ModelSpec model = bench.model();
    if (!corrections.contains("none")) {
      corrections = new ArrayList<>(corrections);
      corrections.add(0, "none");
    }
    BackendOptions options = bench.backendOptions();
    PrintWriter err = bench.err();
    MachineLimits[] limits = new MachineLimits[1];
    List<LearnerBenchmark.Row> rows = BenchOptions.withRandomWeights(model, (allocator, weights) ->
        LearnerBenchmark.run(plugins.backends(), plugins.algorithms(), model, weights, batch, promptTokens,
            tokens - promptTokens, corrections, rounds, LearnerConfig.DEFAULT.withMicroBatch(microBatch), options,
            () -> limits[0] = bench.machineLimits(options, line -> err.println("bench learner: " + line)),
            line -> err.println("bench learner: " + line)));
    ObjectNode root = bench.report("learner", options);
    root.put("batch", batch);
    root.put("tokens_per_sequence", tokens);
    root.put("micro_batch", microBatch);
    root.put("peak_rss_mib", round(ProcessMemory.peakResidentMib(), 1));
    BenchOptions.putLimits(root, limits[0]);
    ArrayNode out = root.putArray("corrections");
    for (LearnerBenchmark.Row r : rows) {
      ObjectNode row = out.addObject();
      row.put("correction", r.correction());
      row.put("step_ms", round(r.stepMs(), 1));
      BenchOptions.putSpread(row, "step_ms_rounds", r.stepSpread(), 1);
      if (limits[0] != null) {
        row.put("roofline_fraction", round(r.rooflineFraction(), 3));
      }
      row.put("target_logprobs_ms", round(r.targetMs(), 1));
      row.put("correction_ms", round(r.correctionMs(), 2));
      row.put("update_ms", round(r.updateMs(), 1));
      row.put("learner_tokens_per_s", Math.round(r.learnerTokensPerSecond()));
      row.put("overhead_vs_none", round(r.overheadVsNone(), 3));
    }
    bench.print(root, o -> {
      o.printf("learner, preset %s, %d x %d tokens, micro-batch %d, median of %d%n", bench.preset, batch, tokens,
          microBatch, rounds);
      o.printf("%-10s %9s %19s %11s %13s %10s %12s %10s %9s%n", "correction", "step ms", "(range)", "target ms",
          "correction ms", "update ms", "tokens/s", "overhead", "roofline");
      for (LearnerBenchmark.Row r : rows) {
        o.printf("%-10s %9.1f %19s %11.1f %13.2f %10.1f %12.0f %9.1f%% %9s%n", r.correction(), r.stepMs(),
            BenchOptions.rangeText(r.stepSpread(), 1), r.targetMs(), r.correctionMs(), r.updateMs(),
            r.learnerTokensPerSecond(), 100 * r.overheadVsNone(), Figures.fixed(r.rooflineFraction(), 3));
      }
      o.printf("peak resident memory: %.1f MiB%n", ProcessMemory.peakResidentMib());
      BenchOptions.printLimits(o, limits[0]);
    });
    return 0;
  }
}
