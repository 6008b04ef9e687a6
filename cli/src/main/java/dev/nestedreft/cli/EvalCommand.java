package dev.nestedreft.cli;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.data.PromptLimit;
import dev.nestedreft.api.local.LocalRolloutWorkers;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.text.HfTokenizer;
import dev.nestedreft.api.train.Evaluation;
import dev.nestedreft.api.train.RunParts;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.text.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Accuracy of a model directory (e.g. a run's checkpoint) on a split: greedy accuracy, and pass@k and "
        + "mean@n over sampled completions.")
final class EvalCommand implements Callable<Integer> {
  /** The most problems {@code --split train} takes: the first distinct ones of the train stream. */
  static final int MAX_TRAIN_PROBLEMS = 100_000;

  @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
  Path model;

  @Option(names = "--task", defaultValue = "arith",
      description = "arith, or a JSONL file (split as in training; default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--on-bad-row", defaultValue = "stop", description = "For a JSONL task: stop or skip (default: "
      + "${DEFAULT-VALUE}).")
  String onBadRow;

  @Option(names = "--format", description = "For a JSONL task: gsm8k, svamp, math or generic (default: detected "
      + "from the first row), as train --format.")
  String format;

  @Option(names = "--fields", description = "For a JSONL task of generic rows: prompt=F,answer=G[,solution=H], as "
      + "train --fields.")
  String fields;

  @Option(names = "--samples", defaultValue = "1", description = "Sampled completions per problem for pass@k and "
      + "mean@n (default: ${DEFAULT-VALUE}: greedy only).")
  int samples;

  @Option(names = "--problems", defaultValue = "200", description = "Problems of the split, at least 1: for test at "
      + "most the task's held-out problems, for validation half of them, for train " + MAX_TRAIN_PROBLEMS
      + " (default: ${DEFAULT-VALUE}).")
  int problems;

  @Option(names = "--max-difficulty", defaultValue = "1", description = "arith levels 1..N (default: "
      + "${DEFAULT-VALUE}).")
  int maxDifficulty;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the test set and of sampling (default: "
      + "${DEFAULT-VALUE}; use the training run's seed).")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "24", description = "(default: ${DEFAULT-VALUE})")
  int maxNewTokens;

  @Option(names = "--split", defaultValue = "test", description = "test (held out, to report), validation (held out, "
      + "disjoint from the test set of the same size, to choose settings on) or train (the first training problems, "
      + "to compare with the test accuracy) (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--reward", defaultValue = "math-answer", description = "The reward that grades a completion, "
      + "name[:key=value,...] (default: ${DEFAULT-VALUE}; `nested-reft plugins` lists them).")
  String reward;

  @Option(names = "--show", defaultValue = "0", description = "Print this many problems with their greedy "
      + "completion and reward (default: ${DEFAULT-VALUE}).")
  int show;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(spec)) {
      return run(plugins);
    }
  }

  /** The options' own mistakes, as usage errors, before anything is read. */
  private void checkOptions() {
    if (problems < 1) {
      throw new ParameterException(spec.commandLine(), "--problems must be >= 1, got " + problems);
    }
    if (split.equals("train") && problems > MAX_TRAIN_PROBLEMS) {
      throw new ParameterException(spec.commandLine(), String.format("--problems must be <= %d for --split train, "
          + "got %d", MAX_TRAIN_PROBLEMS, problems));
    }
    if (samples < 1) {
      throw new ParameterException(spec.commandLine(), "--samples must be >= 1, got " + samples);
    }
    if (maxNewTokens < 1) {
      throw new ParameterException(spec.commandLine(), "--max-new-tokens must be >= 1, got " + maxNewTokens);
    }
  }

  /** {@code --problems} against what the task holds, as a usage error, before any problem is drawn. */
  private void checkProblems(Task task) {
    if (split.equals("train")) {
      return;
    }
    OptionalInt heldOut = task.heldOutCount();
    boolean validation = split.equals(EvalSplit.VALIDATION.configName());
    if (heldOut.isPresent() && problems > (validation ? heldOut.getAsInt() / 2 : heldOut.getAsInt())) {
      throw new ParameterException(spec.commandLine(), String.format("--problems %d exceeds the %s split: %s has %d "
          + "held-out problems%s", problems, split, task.name(), heldOut.getAsInt(),
          validation ? ", of which a validation set takes at most half, " + heldOut.getAsInt() / 2 : ""));
    }
  }

  private Integer run(PluginSet plugins) throws Exception {
    checkOptions();
    Backends backends = plugins.backends();
    RewardFn grader;
    try {
      Component chosenReward = Component.parse("reward", reward);
      grader = plugins.algorithms().reward(chosenReward.name(), chosenReward.toParams());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--reward: " + e.getMessage(), e);
    }
    if (!split.equals("train") && EvalSplit.byName(split).isEmpty()) {
      throw InvalidInputException.of("--split: expected test, validation or train, got '%s'", split);
    }
    if (show < 0) {
      throw InvalidInputException.of("--show: expected a count >= 0, got %d", show);
    }
    // The model directory's own tokenizer.json when it has one; otherwise the character tokenizer.
    Tokenizer tokenizer = Files.exists(model.resolve("tokenizer.json"))
        ? HfTokenizer.load(model) : new CharTokenizer();
    try (AutoCloseable closeTokenizer = tokenizer instanceof AutoCloseable c ? c : () -> { }) {
      return evaluate(backends, grader, tokenizer);
    }
  }

  private Integer evaluate(Backends backends, RewardFn grader, Tokenizer tokenizer) {
    ModelSpec modelSpec = HfConfig.read(model.resolve(ModelDirectory.CONFIG));
    ToIntFunction<String> promptTokens = text -> tokenizer.encodeWithBos(text).length;
    Task arith;
    if (task.equals("arith")) {
      arith = new ArithTrainingTask(seed, maxDifficulty);
    } else if (task.endsWith(".jsonl")) {
      arith = DataOptions.of(Path.of(task), format, fields, onBadRow).task(seed, spec.commandLine().getErr(),
          PromptLimit.ofContext(promptTokens, modelSpec.maxPositionEmbeddings(), maxNewTokens));
    } else {
      throw InvalidInputException.of("--task: expected 'arith' or a .jsonl file, got '%s'", task);
    }
    checkProblems(arith);
    List<TaskProblem> chosen = split.equals("train") ? distinctTrain(arith, problems)
        : EvalSplit.fromName(split).problems(arith, problems);
    int longest = chosen.stream().mapToInt(p -> promptTokens.applyAsInt(p.prompt())).max().orElse(0);
    if ((long) longest + maxNewTokens > modelSpec.maxPositionEmbeddings()) {
      throw InvalidInputException.of("--max-new-tokens %d + the longest prompt (%d tokens) = %d exceeds the "
          + "model's context: max_position_embeddings is %d (%s)", maxNewTokens, longest, longest + maxNewTokens,
          modelSpec.maxPositionEmbeddings(), model.resolve(ModelDirectory.CONFIG));
    }
    try (BufferAllocator allocator = new RootAllocator();
        LoadedModel loaded = ModelDirectory.read(model, allocator);
        LocalRolloutWorkers workers = new LocalRolloutWorkers(backends, RunParts.defaultRolloutBackend(backends),
            loaded.spec(), 1, allocator, common.backendOptions())) {
      if (loaded.spec().vocabSize() < tokenizer.vocabSize()) {
        throw InvalidInputException.of("%s: vocab_size %d is smaller than the %s tokenizer's %d ids", model,
            loaded.spec().vocabSize(), tokenizer.name(), tokenizer.vocabSize());
      }
      Evaluation.Result r = Evaluation.run(workers, loaded.weights(), loaded.spec(), tokenizer, chosen,
          grader, maxNewTokens, samples, seed, allocator);
      PrintWriter out = spec.commandLine().getOut();
      for (Evaluation.Graded g : r.greedy().subList(0, Math.min(show, r.greedy().size()))) {
        out.printf("%s %s | answer %s | reward %.0f%n", g.prompt().replace("\n", "\\n"),
            g.completion().replace("\n", "\\n"), g.reference(), g.reward());
      }
      out.printf("%s on %s, %s split (%d problems): accuracy %.3f%s%n", model, arith.name(), split,
          r.problems(), r.accuracy(), samples > 1
              ? String.format(", pass@%d %.3f, mean@%d %.3f", samples, r.passAtK(), samples, r.meanAtN()) : "");
    }
    return 0;
  }

  /** The first {@code count} distinct training problems (by prompt), renumbered from 0. */
  private static List<TaskProblem> distinctTrain(Task task, int count) {
    Map<String, TaskProblem> byPrompt = new LinkedHashMap<>();
    for (TaskProblem p : task.train(0, Math.toIntExact(20L * count))) {
      if (byPrompt.size() < count) {
        byPrompt.putIfAbsent(p.prompt(), p);
      }
    }
    List<TaskProblem> out = new ArrayList<>();
    for (TaskProblem p : byPrompt.values()) {
      out.add(new TaskProblem(out.size(), p.prompt(), p.reference(), p.solution()));
    }
    return out;
  }
}
