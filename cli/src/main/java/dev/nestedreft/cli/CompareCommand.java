package dev.nestedreft.cli;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.contract.RunInterruptedException;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.data.PromptLimit;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.train.ConfigCheck;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.api.train.RunLock;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainConfigReader;
import dev.nestedreft.api.train.TrainingRun;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelSpec;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Runs several algorithms with the same seeds, the same data order and the same budget, one after the other, and
 * reports per row (mean and spread over seeds) the accuracy before and after, the off-policy diagnostics, rollout
 * tokens/s and where a step's time goes ({@link CompareReport}). With {@code --behaviors} and
 * {@code --skip-fractions}, each algorithm whose behavior is not the full model becomes a row per (behavior,
 * fraction): a layer-choice study ({@link CompareVariant#plan}). Writes {@code compare.json}, {@code compare.md},
 * charts and {@code compare.html} to the output folder.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare algorithms side by side: same seeds, same data order, same steps.")
final class CompareCommand extends RunsCommand {
  /** Splits a list at commas, except before a {@code key=value} that continues the previous entry's parameters. */
  /** The tokenizer of every run compare starts (BuiltInTask's). */
  private static final CharTokenizer TOKENIZER = new CharTokenizer();

  static final String ENTRY_SPLIT = ",(?![^,:]*=)";

  @Option(names = "--algos", defaultValue = "reft,nested-reft", split = ENTRY_SPLIT,
      description = "Algorithms: a preset, optionally with a correction, e.g. nested-reft:is or "
          + "nested-reft:tis:c=2,x=1 (default: ${DEFAULT-VALUE}).")
  List<String> algos;

  @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..N for every row, N >= 1 (default: "
      + "${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--steps", description = "RL steps per run (default: the demo's).")
  Integer steps;

  @Option(names = "--config", description = "Base config (YAML or JSON) for every run; default: the demo's.")
  Path config;

  @Option(names = "--name", defaultValue = "compare", description = "Output folder under --runs (default: "
      + "${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--model", description = "Start every run from this Hugging Face model directory (model_dir).")
  Path model;

  @Option(names = "--eval-split", description = "Held-out problems every evaluation uses: test (to report) or "
      + "validation (to choose settings on; disjoint from the test set) (default: the config's eval_split, test).")
  String evalSplit;

  @Option(names = "--behaviors", split = ENTRY_SPLIT, paramLabel = "NAME[:k=v,...]",
      description = "Behavior policies to study, e.g. random-skip,probed:probe=probe.json,adaptive: every algorithm "
          + "whose behavior is not the full model runs once per behavior and skip fraction (default: its own).")
  List<String> behaviors = new ArrayList<>();

  @Option(names = "--skip-fractions", split = ",", paramLabel = "F",
      description = "Skip fractions in [0, 1) to study, e.g. 0.25,0.375,0.5: set as fraction=F in each studied "
          + "behavior's parameters, replacing k (default: the behavior's own).")
  List<Double> skipFractions = new ArrayList<>();

  @Option(names = "--reuse-finished", description = "Keep a run whose directory holds a finished run (summary.json "
      + "with accuracy_after) of exactly the config compare would run, instead of training it again; others are "
      + "trained again. Without it every run is trained afresh.")
  boolean reuseFinished;

  @Mixin DataOptions dataOptions;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    TrainConfig base = config == null ? TrainConfig.demo() : TrainConfigReader.read(config);
    List<String> paths = Main.runPluginPaths(spec, base.plugins());
    try (PluginSet plugins = Main.openPlugins(paths)) {
      return run(plugins, base.toBuilder().plugins(paths).build());
    }
  }

  /** The options' own mistakes, as usage errors, before anything is read or run. */
  private void checkOptions() {
    if (!TrainConfig.isValidName(name)) {
      throw new ParameterException(spec.commandLine(), "--name must be a plain folder name (a letter or digit, then "
          + "letters, digits, '.', '_' or '-'), got '" + name + "'");
    }
    if (seeds < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds must be >= 1, got " + seeds);
    }
    for (double f : skipFractions) {
      if (!(f >= 0 && f < 1)) {
        throw new ParameterException(spec.commandLine(), "--skip-fractions: each must be in [0, 1), got " + f);
      }
    }
    if (evalSplit != null && EvalSplit.byName(evalSplit).isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--eval-split: expected test or validation, got '"
          + evalSplit + "'");
    }
    if (reuseFinished && dataOptions.present()) {
      throw new ParameterException(spec.commandLine(), "--reuse-finished cannot be used with --data: a run's "
          + "config.json does not record its dataset, so a run of another dataset could be taken for this one");
    }
  }

  private Integer run(PluginSet plugins, TrainConfig configured) throws IOException {
    Algorithms algorithms = plugins.algorithms();
    Backends backends = plugins.backends();
    TrainConfig.Builder adjusted = configured.toBuilder();
    if (steps != null) {
      adjusted.steps(steps);
    }
    if (model != null) {
      adjusted.modelDir(model.toString());
    }
    if (evalSplit != null) {
      adjusted.evalSplit(EvalSplit.fromName(evalSplit));
    }
    TrainConfig base = adjusted.build();
    List<CompareVariant> variants = CompareVariant.plan(algos, behaviors, skipFractions, base, algorithms);
    Map<String, String> runNames = new HashMap<>();
    for (CompareVariant variant : variants) { // every row is checked before the first run starts
      TrainConfig first = variant.config(base, 1);
      try {
        ConfigCheck.check(first, algorithms, backends);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(variant.describe() + ": " + e.getMessage(), e);
      }
      for (int seed = 1; seed <= seeds; seed++) {
        String run = variant.runName(base.name(), seed);
        String other = runNames.putIfAbsent(run, variant.label());
        if (other != null) {
          throw InvalidInputException.of("rows '%s' and '%s' would both write the run %s; give each algorithm and "
              + "behavior once", other, variant.label(), run);
        }
      }
    }
    TrainConfig first = variants.get(0).config(base, 1); // the rows differ in their algorithm only
    ModelSpec model = ConfigCheck.model(first);
    PromptLimit limit = PromptLimit.ofContext(text -> TOKENIZER.encodeWithBos(text).length,
        model.maxPositionEmbeddings(), first.maxNewTokens());
    Task task = dataOptions.present() ? dataOptions.task(first.seed(), spec.commandLine().getErr(), limit)
        : new ArithTrainingTask(first.seed(), first.maxDifficulty());
    Seq<String> problems = ConfigCheck.context(first, model, task, limit.tokens());
    if (!problems.isEmpty()) {
      throw new InvalidInputException((config != null ? config + ": " : "") + ConfigCheck.describe(problems));
    }
    Path out = runs.resolve(name);
    PrintWriter stdout = spec.commandLine().getOut();
    Consumer<String> warnings = warning -> spec.commandLine().getErr().println("warning: " + warning);
    Signals signals = Signals.install();
    List<CompareReport.Run> finished = new ArrayList<>();
    try (RunLock lock = RunLock.acquire(out, warnings)) { // one compare writes this folder at a time
      study:
      for (CompareVariant variant : variants) {
        for (int seed = 1; seed <= seeds; seed++) {
          if (signals.flag().get()) {
            break study;
          }
          TrainConfig cfg = variant.config(base, seed);
          Path dir = runs.resolve(cfg.name());
          boolean reuse = false;
          if (reuseFinished && Files.exists(dir)) {
            RunReuse.Decision decision = RunReuse.decide(dir, cfg);
            reuse = decision.reuse();
            stdout.printf("== %s, seed %d (%s): %s: %s ==%n", variant.label(), seed, cfg.name(), reuse ? "reusing it"
                : "training it again", decision.reason());
          }
          if (!reuse) {
            RunLock.emptyDirectory(dir, warnings);
            stdout.printf("== %s, seed %d (%s) ==%n", variant.label(), seed, cfg.name());
            stdout.flush();
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), signals.flag());
            TrainingRun.Environment env = BuiltInTask.environment(cfg, runs, plugins, signals.flag()::get);
            if (dataOptions.present()) { // the same dataset, split and order for every algorithm of a seed
              env = env.withTask(dataOptions.task(cfg.seed(), spec.commandLine().getErr(), limit));
            }
            try {
              TrainingRun.run(cfg, env, false, signals.flag(), progress);
            } catch (RunInterruptedException e) {
              progress.finishLine();
              stdout.printf("%s %s%n", cfg.name(), e.getMessage());
              break study;
            }
            progress.finishLine();
            if (new RunDirectory(dir).summaryNumber("accuracy_after").isEmpty()) {
              stdout.printf("interrupted: %s is not reported (--reuse-finished trains it again)%n", cfg.name());
              break study;
            }
            RunReport.write(dir);
          }
          finished.add(CompareReport.read(dir, variant, seed, reuse));
          CompareReport.writeJson(out, finished, base.evalSplit());
        }
      }
      if (finished.isEmpty()) {
        stdout.printf("no run finished; nothing to report%n");
        return signals.flag().get() ? signals.interruptedExitCode() : Main.EXIT_OK;
      }
      String table = CompareReport.write(out, finished, base.evalSplit());
      stdout.println();
      stdout.print(table);
      stdout.printf("%nwritten: %s (%s to open in a browser; %s, %s, %s)%n", out, CompareReport.HTML_FILE,
          CompareReport.JSON_FILE, CompareReport.MARKDOWN_FILE, String.join(", ", CompareCharts.files()));
    } finally {
      stdout.flush();
      signals.done();
    }
    return signals.flag().get() ? signals.interruptedExitCode() : Main.EXIT_OK;
  }
}
