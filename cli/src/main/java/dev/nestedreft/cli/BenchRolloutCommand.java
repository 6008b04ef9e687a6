package dev.nestedreft.cli;

import static dev.nestedreft.cli.BenchOptions.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.SkipSelection;
import dev.nestedreft.api.bench.KernelProfile;
import dev.nestedreft.api.bench.ProcessMemory;
import dev.nestedreft.api.bench.RolloutBenchmark;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = "Rollout tokens/s with the key-value cache for the full plan and nested plans, side by side in "
        + "one process, with the ideal (FLOP) speed-up and the cache's speed-up over recomputing prefixes.")
final class BenchRolloutCommand implements Callable<Integer> {
  @Option(names = "--batch", defaultValue = "64", description = "Sequences per generate call (default: "
      + "${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--samples-per-prompt", defaultValue = "4",
      description = "Samples per prompt; prompts = batch / samples (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--new-tokens", defaultValue = "64", description = "Tokens generated per sequence (default: "
      + "${DEFAULT-VALUE}).")
  int newTokens;

  @Option(names = "--prompt-length", defaultValue = "16,32", split = ",",
      description = "Min and max prompt length (default: ${DEFAULT-VALUE}).")
  List<Integer> promptLength;

  @Option(names = "--skip-fractions", defaultValue = "0,0.125,0.25,0.5", split = ",",
      description = "Fractions of layers to skip, spread evenly over interior layers (default: ${DEFAULT-VALUE}).")
  List<Double> fractions;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds per plan (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--no-kv-comparison", description = "Skip the (slow) key-value cache vs recompute measurement.")
  boolean noKv;

  @Option(names = "--backend", defaultValue = "onnx", description = "Rollout backend (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--ort-profile", paramLabel = "PREFIX",
      description = "Also profile ONNX Runtime's kernels into PREFIX*.json and print the time per operator type "
          + "(profiling slows the run; use it for attribution, not for speeds).")
  String ortProfile;

  @Mixin BenchOptions bench;

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(bench.command)) {
      return run(plugins);
    }
  }

  private Integer run(PluginSet plugins) throws Exception {
    ModelSpec model = bench.model();
    if (promptLength.size() != 2 || promptLength.get(0) < 1 || promptLength.get(1) < promptLength.get(0)) {
      throw InvalidInputException.of("--prompt-length: expected MIN,MAX with 1 <= MIN <= MAX, got %s", promptLength);
    }
    if (samples < 1 || batch % samples != 0) {
      throw InvalidInputException.of("--batch (%d) must be a multiple of --samples-per-prompt (%d)", batch, samples);
    }
    List<LayerPlan> plans = new ArrayList<>(SkipSelection.evenlySpaced(model.numHiddenLayers(), fractions));
    if (plans.stream().noneMatch(LayerPlan::isFull)) {
      plans.add(0, model.fullPlan()); // speed-ups are relative to the full plan
    }
    BackendOptions options = ortProfile == null ? bench.backendOptions()
        : bench.backendOptions().withProfiling(ortProfile);
    RolloutBenchmark.Settings settings = new RolloutBenchmark.Settings(backend, batch, samples, newTokens,
        promptLength.get(0), promptLength.get(1), rounds, !noKv, 7);
    PrintWriter err = bench.err();
    RolloutBenchmark.Result result = BenchOptions.withRandomWeights(model, (allocator, weights) ->
        RolloutBenchmark.run(plugins.backends(), model, weights, plans, settings, options,
            () -> bench.machineLimits(options, line -> err.println("bench rollout: " + line)), allocator,
            line -> err.println("bench rollout: " + line)));
    MachineLimits limits = result.limits();
    ObjectNode root = bench.report("rollout", options);
    root.put("backend", backend);
    root.put("batch", batch);
    root.put("samples_per_prompt", samples);
    root.put("new_tokens", newTokens);
    root.put("prompt_lengths", Arrays.toString(result.promptLengths()));
    root.put("rounds", rounds);
    BenchOptions.putLimits(root, limits);
    ArrayNode rows = root.putArray("plans");
    for (RolloutBenchmark.PlanResult r : result.plans()) {
      ObjectNode row = rows.addObject();
      row.put("layers_run", r.plan().size());
      BenchOptions.putSkipped(row, r.plan().skipped());
      row.put("tokens_per_s", round(r.tokensPerSecond(), 1));
      BenchOptions.putSpread(row, "tokens_per_s_rounds", r.tokensPerSecondSpread(), 1);
      row.put("ideal_speedup", round(r.idealSpeedup(), 3));
      row.put("measured_speedup", round(r.measuredSpeedup(), 3));
      BenchOptions.putSpread(row, "measured_speedup_rounds", r.speedupSpread(), 3);
      row.put("measured_over_ideal", round(r.measuredSpeedup() / r.idealSpeedup(), 3));
      row.put("layer_bound", round(r.layerBound(), 3));
      row.put("above_bound", r.aboveBound());
      if (limits != null) {
        row.put("roofline_fraction", round(r.rooflineFraction(), 3));
      }
      row.put("weight_refresh_ms", round(r.loadMs().median(), 2));
      BenchOptions.putSpread(row, "weight_refresh_ms_rounds", r.loadMs(), 2);
      GenerationStats st = r.medianStats();
      ObjectNode profile = row.putObject("profile_ms");
      profile.put("total", round(st.totalNanos() / 1e6, 1));
      profile.put("prefill", round(st.prefillNanos() / 1e6, 1));
      profile.put("decode_runtime", round(st.decodeNanos() / 1e6, 1));
      profile.put("inputs_java", round(st.inputNanos() / 1e6, 1));
      profile.put("sampling_java", round(st.samplingNanos() / 1e6, 1));
      profile.put("compaction", round(st.compactionNanos() / 1e6, 1));
      profile.put("steps", st.steps());
    }
    if (!noKv) {
      root.put("kv_cache_tokens_per_s", round(result.kvCacheTokensPerSecond(), 1));
      root.put("recompute_tokens_per_s", round(result.recomputeTokensPerSecond(), 1));
      root.put("kv_cache_speedup", round(result.kvCacheSpeedup(), 2));
    }
    root.put("peak_rss_mib", round(ProcessMemory.peakResidentMib(), 1));
    if (ortProfile != null) {
      ObjectNode profiles = root.putObject("ort_kernel_profile_us");
      Path prefix = Path.of(ortProfile).toAbsolutePath();
      try (var files = Files.list(prefix.getParent())) {
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix.getFileName().toString())
            && f.toString().endsWith(".json")).sorted().toList()) {
          ObjectNode ops = profiles.putObject(file.getFileName().toString());
          KernelProfile.byOperator(file).forEach(ops::put);
        }
      }
    }
    bench.print(root, out -> {
      out.printf("rollout, preset %s, %d sequences (%d per prompt) x %d new tokens, %d threads, median of %d%n",
          bench.preset, batch, samples, newTokens, options.intraOpThreads(), rounds);
      out.printf("%-11s %-14s %12s %9s %9s %17s %10s %9s %11s%n", "layers run", "skipped", "tokens/s", "ideal",
          "measured", "(range)", "meas/ideal", "roofline", "refresh ms");
      for (RolloutBenchmark.PlanResult r : result.plans()) {
        out.printf("%-11d %-14s %12.1f %8.3fx %8.3fx %17s %10.3f %9s %11.2f%s%n", r.plan().size(),
            Arrays.toString(r.plan().skipped()), r.tokensPerSecond(), r.idealSpeedup(), r.measuredSpeedup(),
            BenchOptions.rangeText(r.speedupSpread(), 3), r.measuredSpeedup() / r.idealSpeedup(),
            Figures.fixed(r.rooflineFraction(), 3), r.loadMs().median(),
            r.aboveBound() ? String.format("  ABOVE THE LAYER BOUND %.3fx: noise, do not quote", r.layerBound())
                : "");
      }
      BenchOptions.printLimits(out, limits);
      if (!noKv) {
        out.printf("key-value cache: %.1f tokens/s vs %.1f recomputing prefixes: %.2fx%n",
            result.kvCacheTokensPerSecond(), result.recomputeTokensPerSecond(), result.kvCacheSpeedup());
      }
      out.printf("peak resident memory: %.1f MiB%n", ProcessMemory.peakResidentMib());
      if (ortProfile != null) {
        root.get("ort_kernel_profile_us").fields().forEachRemaining(e -> out.printf("kernel time (us) by "
            + "operator, %s: %s%n", e.getKey(), e.getValue()));
      }
    });
    return 0;
  }
}
