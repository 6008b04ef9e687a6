package dev.nestedreft.cli;

import dev.nestedreft.api.contract.RunInterruptedException;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.train.RunLock;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
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
  @Option(names = "--steps", description = "RL steps (default: the demo's).")
  Integer steps;

  @Override
  public Integer call() throws Exception {
    List<String> paths = Main.runPluginPaths(spec, List.of());
    try (PluginSet plugins = Main.openPlugins(paths)) {
      return run(plugins, paths);
    }
  }

  private Integer run(PluginSet plugins, List<String> pluginPaths) throws IOException {
    TrainConfig base = TrainConfig.demo().toBuilder().plugins(pluginPaths).build();
    TrainConfig cfg = steps == null ? base : base.toBuilder().steps(steps).build();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // The demo always starts afresh (the warm-up cache is kept), but never under another process's feet.
    RunLock.emptyDirectory(runs.resolve(cfg.name()), warning -> err.println("warning: " + warning));
    out.printf("nested-reft demo: %s on tiny/arith (level %d), %d steps of %d prompts x %d samples, seed %d%n",
        cfg.algorithm(), cfg.maxDifficulty(), cfg.steps(), cfg.promptsPerStep(), cfg.samplesPerPrompt(), cfg.seed());
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
      out.println();
      out.printf("%-44s %12s%n", "", "value");
      out.printf("%-44s %12.3f%n", "test accuracy before RL (after warm-up)", r.accuracyBefore());
      out.printf("%-44s %12.3f%n", "test accuracy after RL", r.accuracyAfter());
      out.printf("%-44s %12.0f%n", "rollout tokens/s, nested behavior", r.nestedTokensPerSecond());
      out.printf("%-44s %12.0f%n", "rollout tokens/s, full model", r.fullTokensPerSecond());
      out.printf("%-44s %11.2fx%n", "nested / full", r.nestedTokensPerSecond() / r.fullTokensPerSecond());
      out.printf("%-44s %12.0f%n", "learner tokens/s (forward + backward)", r.learnerTokensPerSecond());
      out.printf("%-44s %12.0f%n", "wall time, s", r.wallSeconds());
      out.printf("%nmetrics, checkpoints, summary and report.html: %s%n", RunReport.write(runs.resolve(cfg.name()))
          .getParent());
    } finally {
      out.flush();
      signals.done();
    }
    return 0;
  }
}
