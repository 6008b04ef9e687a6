package dev.nestedreft.cli;

import static dev.nestedreft.cli.BenchOptions.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.bench.ProcessMemory;
import dev.nestedreft.api.launch.StepBenchmark;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.train.Pipeline;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.io.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "step", mixinStandardHelpOptions = true,
    description = "Where one RL step's wall time goes (weight publication, rollout, reward, target log-probs, "
        + "update, other), for algorithms and pipelines side by side: real runs of the built-in task on the "
        + "preset's seeded weights, variants taking turns round by round.")
final class BenchStepCommand implements Callable<Integer> {
  @Option(names = "--algorithms", defaultValue = "reft,nested-reft", split = ",",
      description = "Algorithm presets (default: ${DEFAULT-VALUE}).")
  List<String> algorithms;

  @Option(names = "--pipeline", defaultValue = "sync", split = ",",
      description = "Pipelines, sync and/or one-step-off (default: ${DEFAULT-VALUE}).")
  List<String> pipelines;

  @Option(names = "--new-tokens", defaultValue = "24", description = "max_new_tokens (default: ${DEFAULT-VALUE}).")
  int newTokens;

  @Option(names = "--prompts", defaultValue = "16", description = "Prompts per step (default: ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--samples-per-prompt", defaultValue = "8",
      description = "Samples per prompt (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--micro-batch", defaultValue = "32",
      description = "Sequences per learner forward/backward pass (default: ${DEFAULT-VALUE}).")
  int microBatch;

  @Option(names = "--steps", defaultValue = "4",
      description = "Steps per run; the first is a warm-up and not counted (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--rounds", defaultValue = "2", description = "Runs per variant (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--in-process", description = "Run the learner and the rollout workers in this process without "
      + "Ray (the placement a library caller gets with LocalPlacement). The default is the command line's: Ray's "
      + "LOCAL mode, whose published weights pass as serialized copies; at Qwen2.5-0.5B shapes those copies do not "
      + "fit in 23 GiB beside the learner.")
  boolean inProcess;

  @Mixin BenchOptions bench;

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(bench.command)) {
      return run(plugins);
    }
  }

  private Integer run(PluginSet plugins) throws IOException {
    if (steps < 2 || rounds < 1) {
      throw InvalidInputException.of("--steps must be at least 2 (the first is a warm-up) and --rounds at least 1, "
          + "got %d and %d", steps, rounds);
    }
    List<StepBenchmark.Variant> variants = new ArrayList<>();
    for (String pipelineName : pipelines) {
      Pipeline pipeline = Pipeline.byName(pipelineName).orElseThrow(() -> InvalidInputException.of(
          "--pipeline: unknown pipeline '%s'; expected %s", pipelineName, Pipeline.choices()));
      algorithms.forEach(a -> variants.add(new StepBenchmark.Variant(a, pipeline)));
    }
    BackendOptions options = bench.backendOptions();
    StepBenchmark.Settings settings = new StepBenchmark.Settings(bench.preset, variants, newTokens, prompts, samples,
        microBatch, steps, rounds, options.intraOpThreads(), 7, inProcess);
    PrintWriter err = bench.err();
    Path runs = Files.createTempDirectory("nested-reft-bench-step");
    Signals signals = Signals.install();
    List<StepBenchmark.Row> rows;
    try {
      rows = StepBenchmark.run(settings, plugins, runs, signals.flag(), line -> err.println("bench step: " + line));
    } finally {
      FileTrees.delete(runs);
      signals.done();
    }
    if (signals.flag().get()) {
      return signals.interruptedExitCode();
    }
    ObjectNode root = bench.report("step", options);
    root.put("prompts_per_step", prompts);
    root.put("samples_per_prompt", samples);
    root.put("max_new_tokens", newTokens);
    root.put("micro_batch", microBatch);
    root.put("placement", inProcess ? "in-process" : "ray-local");
    root.put("steps_per_run", steps);
    root.put("rounds", rounds);
    root.put("peak_rss_mib", round(ProcessMemory.peakResidentMib(), 1));
    ArrayNode out = root.putArray("variants");
    for (StepBenchmark.Row r : rows) {
      ObjectNode row = out.addObject();
      row.put("algorithm", r.variant().algorithm());
      row.put("pipeline", r.variant().pipeline().configName());
      row.put("steps_counted", r.steps());
      row.put("step_s", round(r.step().median(), 4));
      BenchOptions.putSpread(row, "step_s_steps", r.step(), 4);
      row.put("publish_s", round(r.publish(), 4));
      row.put("rollout_s", round(r.rollout(), 4));
      row.put("reward_s", round(r.reward(), 4));
      row.put("target_logprobs_s", round(r.target(), 4));
      row.put("update_s", round(r.update(), 4));
      if (!Double.isNaN(r.other())) {
        row.put("other_s", round(r.other(), 4));
      }
      row.put("rollout_tokens_per_s", round(r.rolloutTokensPerSecond(), 1));
    }
    bench.print(root, o -> {
      o.printf("step, preset %s, %d prompts x %d samples, %d new tokens, %d threads, median of %d counted steps "
          + "per variant%n", bench.preset, prompts, samples, newTokens, options.intraOpThreads(),
          (steps - 1) * rounds);
      o.printf("%-26s %9s %17s %9s %9s %9s %9s %9s %9s%n", "variant", "step s", "(range)", "publish", "rollout",
          "reward", "target", "update", "other");
      for (StepBenchmark.Row r : rows) {
        o.printf("%-26s %9.3f %17s %8.0f%% %8.0f%% %8.0f%% %8.0f%% %8.0f%% %9s%n", r.variant().label(),
            r.step().median(), BenchOptions.rangeText(r.step(), 3), 100 * r.share(r.publish()),
            100 * r.share(r.rollout()), 100 * r.share(r.reward()), 100 * r.share(r.target()),
            100 * r.share(r.update()), Double.isNaN(r.other()) ? "-"
                : String.format("%.0f%%", 100 * r.share(r.other())));
      }
      o.println("parts as shares of the median step; under one-step-off the rollout overlaps the update, so the "
          + "shares add up to more than 100% and 'other' is not given");
    });
    return 0;
  }
}
