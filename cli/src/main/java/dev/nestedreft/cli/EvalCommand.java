package dev.nestedreft.cli;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.local.LocalRolloutWorkers;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.text.HfTokenizer;
import dev.nestedreft.api.train.Evaluation;
import dev.nestedreft.api.train.RunParts;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.text.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Accuracy of a model directory (e.g. a run's checkpoint) on a split: greedy accuracy, and pass@k and "
        + "mean@n over sampled completions.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
  Path model;

  @Option(names = "--task", defaultValue = "arith",
      description = "arith, or a JSONL file (split as in training; default: ${DEFAULT-VALUE}).")
  String task;

  @Option(names = "--on-bad-row", defaultValue = "stop", description = "For a JSONL task: stop or skip (default: "
      + "${DEFAULT-VALUE}).")
  String onBadRow;

  @Option(names = "--samples", defaultValue = "1", description = "Sampled completions per problem for pass@k and "
      + "mean@n (default: ${DEFAULT-VALUE}: greedy only).")
  int samples;

  @Option(names = "--problems", defaultValue = "200", description = "Problems of the split (default: "
      + "${DEFAULT-VALUE}).")
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

  private Integer run(PluginSet plugins) throws Exception {
    Backends backends = plugins.backends();
    RewardFn grader;
    try {
      Component chosenReward = Component.parse("reward", reward);
      grader = plugins.algorithms().reward(chosenReward.name(), chosenReward.toParams());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--reward: " + e.getMessage(), e);
    }
    // The model directory's own tokenizer.json when it has one; otherwise the character tokenizer.
    Tokenizer tokenizer = Files.exists(model.resolve("tokenizer.json"))
        ? HfTokenizer.load(model) : new CharTokenizer();
    Task arith;
    if (task.equals("arith")) {
      arith = new ArithTrainingTask(seed, maxDifficulty);
    } else if (task.endsWith(".jsonl")) {
      arith = DataOptions.of(Path.of(task), onBadRow).task(seed, spec.commandLine().getErr());
    } else {
      throw InvalidInputException.of("--task: expected 'arith' or a .jsonl file, got '%s'", task);
    }
    if (!split.equals("train") && EvalSplit.byName(split).isEmpty()) {
      throw InvalidInputException.of("--split: expected test, validation or train, got '%s'", split);
    }
    if (show < 0) {
      throw InvalidInputException.of("--show: expected a count >= 0, got %d", show);
    }
    List<TaskProblem> chosen = split.equals("train") ? distinctTrain(arith, problems)
        : EvalSplit.fromName(split).problems(arith, problems);
    try (AutoCloseable closeTokenizer = tokenizer instanceof AutoCloseable c ? c : () -> { };
        BufferAllocator allocator = new RootAllocator();
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
    for (TaskProblem p : task.train(0, 20 * count)) {
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
