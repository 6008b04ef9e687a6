package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.RunInterruptedException;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.train.RunLock;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's first command: a supervised warm-up of the {@code tiny} model on worked arithmetic solutions (cached,
 * so a second demo reuses it), then Nested-ReFT on the {@code arith} task, then a table of test accuracy before and
 * after and of rollout tokens/s of the nested behavior and of the full model, both measured in this run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Warm up tiny on arith (cached), train Nested-ReFT for a few minutes, and compare accuracy and "
        + "rollout tokens/s (nested vs full model).")
final class DemoCommand extends RunsCommand {
  /**
   * The demo evaluates its test problems every this many steps, for the accuracy curve of its report: all 200 of
   * them, the set of the figures before and after, since a greedy pass over them costs about a second. Evaluation
   * changes nothing in training (every random choice is a function of the seed and the step).
   */
  static final int EVAL_EVERY = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--steps", description = "RL steps (default: the demo's).")
  Integer steps;

  @Option(names = "--threads", description = "Intra-op threads per backend (default: available processors). A run "
      + "is deterministic for its seed and thread count.")
  Integer threads;

  @Option(names = "--json", description = "Print the results as one JSON object on stdout (the fields of the table, "
      + "the seed, thread count, version and git commit); the other lines go to stderr.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<String> paths = Main.runPluginPaths(spec, List.of());
    try (PluginSet plugins = Main.openPlugins(paths)) {
      return run(plugins, paths);
    }
  }

  private Integer run(PluginSet plugins, List<String> pluginPaths) throws IOException {
    TrainConfig.Builder builder = TrainConfig.demo().toBuilder().plugins(pluginPaths).evalEvery(EVAL_EVERY);
    if (steps != null) {
      builder.steps(steps);
    }
    if (threads != null) {
      builder.threads(threads);
    }
    TrainConfig cfg = builder.build();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = json ? err : spec.commandLine().getOut(); // with --json, stdout holds the JSON alone
    // The demo always starts afresh (the warm-up cache is kept), but never under another process's feet.
    RunLock.emptyDirectory(runs.resolve(cfg.name()), warning -> err.println("warning: " + warning));
    out.printf("nested-reft demo: %s on tiny/arith (level %d), %d steps of %d prompts x %d samples, seed %d, %d "
        + "threads%n", cfg.algorithm(), cfg.maxDifficulty(), cfg.steps(), cfg.promptsPerStep(), cfg.samplesPerPrompt(),
        cfg.seed(), cfg.threads());
    out.flush();
    Signals signals = Signals.install();
    try {
      ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), signals.flag());
      TrainResult r;
      try {
        r = TrainingRun.run(cfg, BuiltInTask.environment(cfg, runs, plugins), false, signals.flag(), progress);
      } catch (RunInterruptedException e) {
        progress.finishLine();
        out.printf("demo %s%n", e.getMessage());
        return signals.interruptedExitCode(); // as any interrupted run, whatever the phase
      }
      progress.finishLine();
      if (signals.flag().get()) {
        out.printf("demo interrupted after %d steps; checkpoint written in %s%n", r.steps(),
            runs.resolve(cfg.name()));
        return signals.interruptedExitCode();
      }
      Path report = RunReport.write(runs.resolve(cfg.name()));
      if (json) {
        spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
            json(cfg, r, RunFiles.read(report.getParent()), report)));
        spec.commandLine().getOut().flush();
        return 0;
      }
      out.println();
      out.printf("%-44s %12s%n", "", "value");
      out.printf("%-44s %12.3f%n", "test accuracy before RL (after warm-up)", r.accuracyBefore());
      out.printf("%-44s %12.3f%n", "test accuracy after RL", r.accuracyAfter());
      out.printf("%-44s %12.0f%n", "rollout tokens/s, nested behavior", r.nestedTokensPerSecond());
      out.printf("%-44s %12.0f%n", "rollout tokens/s, full model", r.fullTokensPerSecond());
      out.printf("%-44s %11.2fx%n", "nested / full", r.nestedTokensPerSecond() / r.fullTokensPerSecond());
      out.printf("%-44s %12.0f%n", "learner tokens/s (forward + backward)", r.learnerTokensPerSecond());
      out.printf("%-44s %12.0f%n", "wall time, s", r.wallSeconds());
      out.printf("%nmetrics, checkpoints and summary: %s%nreport (open it in a browser): %s%n", report.getParent(),
          report);
    } finally {
      out.flush();
      signals.done();
    }
    return 0;
  }

  /** {@code demo --json}: the table's figures, unrounded, with what they depend on and where they were written. */
  static ObjectNode json(TrainConfig cfg, TrainResult r, RunFiles run, Path report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("seed", cfg.seed());
    root.put("threads", cfg.threads());
    root.put("steps", r.steps());
    root.put("algorithm", cfg.algorithm());
    root.put("correction", run.text("correction"));
    root.put("behavior", run.text("behavior"));
    root.put("accuracy_before", r.accuracyBefore());
    root.put("accuracy_after", r.accuracyAfter());
    root.put("eval_problems", cfg.evalProblems());
    root.put("nested_rollout_tokens_per_s", r.nestedTokensPerSecond());
    root.put("full_rollout_tokens_per_s", r.fullTokensPerSecond());
    root.put("nested_over_full", r.nestedTokensPerSecond() / r.fullTokensPerSecond());
    root.put("learner_tokens_per_s", r.learnerTokensPerSecond());
    root.put("wall_s", r.wallSeconds());
    BuildInfo build = BuildInfo.current();
    root.put("version", build.version());
    root.put("git_commit", build.gitCommit().orElse(null));
    root.put("run", run.dir().toAbsolutePath().normalize().toString());
    root.put("report", report.toAbsolutePath().normalize().toString());
    return root;
  }
}
