package dev.nestedreft.cli;

import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.text.HfTokenizer;
import dev.nestedreft.api.train.FormattedTask;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainConfigReader;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train with a config file (YAML or JSON; fields in docs/CONFIG.md) on the built-in arith task or "
        + "a JSONL dataset (--data).")
final class TrainCommand extends RunsCommand {
  @Option(names = "--config", description = "Config file; omitted fields take the demo's values.")
  Path config;

  @Option(names = "--resume", description = "Continue the run from its newest checkpoint.")
  boolean resume;

  @Option(names = "--model", description = "Start from this Hugging Face model directory (sets model_dir).")
  Path model;

  @Option(names = "--prompt-format", description = "raw (default), chat (the model's chat template; needs --model) "
      + "or few-shot[:K] (K worked training examples before each question, default 4).")
  String promptFormat;

  @Mixin DataOptions dataOptions;

  @Mixin PartOptions parts;

  @Override
  public Integer call() throws Exception {
    List<String> paths = Main.runPluginPaths(spec, config == null ? List.of() : TrainConfigReader.pluginPaths(config));
    try (PluginSet plugins = Main.openPlugins(paths)) {
      return run(plugins, paths);
    }
  }

  private Integer run(PluginSet plugins, List<String> pluginPaths) throws IOException {
    // Read with the plug-ins open, so that every problem of the config (values and names) comes at once.
    TrainConfig cfg = (config == null ? TrainConfig.demo()
        : TrainConfigReader.read(config, plugins.algorithms(), plugins.backends())).toBuilder()
        .plugins(pluginPaths).build();
    if (model != null) {
      cfg = cfg.toBuilder().modelDir(model.toString()).build();
    }
    cfg = parts.apply(cfg);
    Signals signals = Signals.install();
    try {
      ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
      var env = BuiltInTask.environment(cfg, runs, plugins);
      // A model directory with its own tokenizer.json brings its tokenizer; otherwise the character tokenizer.
      HfTokenizer own = cfg.modelDir() != null && Files.exists(Path.of(cfg.modelDir()).resolve("tokenizer.json"))
          ? HfTokenizer.load(Path.of(cfg.modelDir())) : null;
      TrainResult r;
      try {
        Task task = dataOptions.present() ? dataOptions.task(cfg.seed(), spec.commandLine().getErr()) : env.task();
        if (promptFormat != null && !promptFormat.equals("raw")) {
          task = new FormattedTask(task, PromptFormats.parse(promptFormat,
              cfg.modelDir() == null ? null : Path.of(cfg.modelDir()), task));
        }
        env = env.withTask(task).withTokenizer(own != null ? own : env.tokenizer());
        r = TrainingRun.run(cfg, env, resume, signals.flag(), progress);
      } finally {
        if (own != null) {
          own.close();
        }
      }
      progress.finishLine();
      PrintWriter out = spec.commandLine().getOut();
      if (signals.flag().get()) {
        out.printf("run %s interrupted after %d steps; checkpoint written; continue with --resume%n", cfg.name(),
            r.steps());
        return signals.interruptedExitCode();
      }
      RunReport.write(runs.resolve(cfg.name()));
      out.printf("run %s: %d steps in %.0f s; test accuracy %.3f -> %.3f; rollout %.0f tokens/s; learner %.0f "
          + "tokens/s; written to %s%n", cfg.name(), r.steps(), r.wallSeconds(), r.accuracyBefore(),
          r.accuracyAfter(), r.rolloutTokensPerSecond(), r.learnerTokensPerSecond(), runs.resolve(cfg.name()));
    } catch (RuntimeException e) {
      if (signals.flag().get()) { // the JVM is exiting: report now, the handler may not get to print
        spec.commandLine().getErr().println("error during shutdown: " + e.getMessage());
        spec.commandLine().getErr().flush();
      }
      throw e;
    } finally {
      spec.commandLine().getOut().flush();
      signals.done(); // only now may a shutdown in progress end the JVM
    }
    return 0;
  }
}
