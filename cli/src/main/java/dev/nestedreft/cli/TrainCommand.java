package dev.nestedreft.cli;

import dev.nestedreft.api.contract.RunInterruptedException;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.data.PromptLimit;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.text.HfTokenizer;
import dev.nestedreft.api.text.PromptFormat;
import dev.nestedreft.api.train.ConfigCheck;
import dev.nestedreft.api.train.FormattedTask;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainConfigReader;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.text.Tokenizer;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;
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
      ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), signals.flag());
      var env = BuiltInTask.environment(cfg, runs, plugins, signals.flag()::get);
      // A model directory with its own tokenizer.json brings its tokenizer; otherwise the character tokenizer.
      HfTokenizer own = cfg.modelDir() != null && Files.exists(Path.of(cfg.modelDir()).resolve("tokenizer.json"))
          ? HfTokenizer.load(Path.of(cfg.modelDir())) : null;
      TrainResult r;
      try {
        env = env.withTokenizer(own != null ? own : env.tokenizer());
        env = env.withTask(task(cfg, env.task(), env.tokenizer()));
        r = TrainingRun.run(cfg, env, resume, signals.flag(), progress);
      } catch (RunInterruptedException e) {
        progress.finishLine();
        spec.commandLine().getOut().printf("run %s %s%n", cfg.name(), e.getMessage());
        return signals.interruptedExitCode(); // as any interrupted run, whatever the phase
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

  /**
   * The task the run trains on: the JSONL dataset of {@code --data} (a row whose prompt leaves no room for
   * {@code max_new_tokens} in the model's context is a bad row) or {@code builtIn}, in the {@code --prompt-format}.
   * Checked against the model before any work: the longest prompt with {@code max_new_tokens} within the context,
   * {@code eval_problems} within the held-out problems.
   */
  private Task task(TrainConfig cfg, Task builtIn, Tokenizer tokenizer) {
    String source = config != null ? config.toString() : "config '" + cfg.name() + "'";
    ModelSpec model;
    try {
      model = ConfigCheck.model(cfg);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source + ": " + (cfg.modelDir() != null ? "model_dir: " : "preset: ")
          + e.getMessage(), e);
    }
    Path modelDir = cfg.modelDir() == null ? null : Path.of(cfg.modelDir());
    ToIntFunction<String> promptTokens = text -> tokenizer.encodeWithBos(text).length;
    Task task = builtIn;
    if (dataOptions.present()) {
      // The chat template is known before the rows are; few-shot examples come from the rows, so a few-shot prompt
      // is measured whole by the check below.
      PromptFormat rows = "chat".equals(promptFormat) ? PromptFormats.parse(promptFormat, modelDir, null)
          : PromptFormat.raw();
      task = dataOptions.task(cfg.seed(), spec.commandLine().getErr(), PromptLimit.ofContext(
          text -> promptTokens.applyAsInt(rows.render(text)), model.maxPositionEmbeddings(), cfg.maxNewTokens()));
    }
    if (promptFormat != null && !promptFormat.equals("raw")) {
      task = new FormattedTask(task, PromptFormats.parse(promptFormat, modelDir, task));
    }
    Seq<String> problems = ConfigCheck.context(cfg, model, task, promptTokens);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(source + ": " + ConfigCheck.describe(problems));
    }
    return task;
  }
}
