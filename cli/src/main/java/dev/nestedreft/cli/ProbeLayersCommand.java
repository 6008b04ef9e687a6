package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.data.PromptLimit;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.local.LocalLearner;
import dev.nestedreft.api.local.LocalRolloutWorkers;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.probe.LayerProbe;
import dev.nestedreft.api.probe.PlanCost;
import dev.nestedreft.api.probe.PlanFigures;
import dev.nestedreft.api.probe.ProbeInputs;
import dev.nestedreft.api.probe.ProbeJson;
import dev.nestedreft.api.probe.ProbeReport;
import dev.nestedreft.api.probe.ProbeSettings;
import dev.nestedreft.api.probe.SkipSetSearch;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.text.HfTokenizer;
import dev.nestedreft.api.train.RunParts;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.text.Tokenizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probe-layers}: the {@link LayerProbe} on a model directory, in this process, with the task's train prompts;
 * a table, or the probe file as JSON, and with {@code --out} the file and its chart.
 */
@Command(name = "probe-layers", mixinStandardHelpOptions = true,
    description = "What skipping each decoder layer alone costs the behavior model (KL to the full model, "
        + "effective sample size, reward, rollout tokens/s), and greedy searches for the skip set of each budget; "
        + "writes the probe file the 'probed' behavior policy reads.")
final class ProbeLayersCommand implements Callable<Integer> {
  /** The probe file and its chart under {@code --out}. */
  static final String PROBE_FILE = "probe.json";
  static final String CHART_FILE = "probe.png";

  @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors), "
      + "e.g. a run's checkpoints/step-N.")
  Path model;

  @Option(names = "--task", defaultValue = "arith", description = "arith (default), or give --data FILE.")
  String task;

  @Option(names = "--max-difficulty", defaultValue = "1", description = "arith levels 1..N (default: "
      + "${DEFAULT-VALUE}).")
  int maxDifficulty;

  @Mixin DataOptions dataOptions;

  @Option(names = "--reward", defaultValue = "math-answer", description = "The reward of the samples, "
      + "name[:key=value,...] (default: ${DEFAULT-VALUE}).")
  String reward;

  @Option(names = "--prompts", defaultValue = "16", description = "Training prompts probed, from the start of the "
      + "train stream (default: ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--samples", defaultValue = "4", description = "Samples per prompt and plan, at temperature 1 "
      + "(default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--max-new-tokens", defaultValue = "24", description = "(default: ${DEFAULT-VALUE}, the demo's)")
  int maxNewTokens;

  @Option(names = "--skip-fraction", defaultValue = "0.25", split = ",", paramLabel = "F",
      description = "A skip budget to search, k = round(F*L) layers; repeat or separate by commas, e.g. "
          + "0.25,0.375,0.5 (default: ${DEFAULT-VALUE}).")
  List<Double> fractions;

  @Option(names = "--beam", defaultValue = "1", description = "Skip sets kept at each step of the greedy search "
      + "(default: ${DEFAULT-VALUE}).")
  int beam;

  @Option(names = "--no-protect-ends", description = "Let the searches skip the first and last layers too.")
  boolean noProtectEnds;

  @Option(names = "--random-sets", defaultValue = "4", description = "Distinct random skip sets (as random-skip "
      + "draws them) of each searched size, for comparison (default: ${DEFAULT-VALUE}).")
  int randomSets;

  @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds of rollout throughput after the "
      + "warm-up, at least 2; the median counts (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the task, of sampling (the same for every "
      + "plan) and of the random sets (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the probe file (JSON) instead of the table.")
  boolean json;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write DIR/" + PROBE_FILE + " and DIR/"
      + CHART_FILE + "; DIR must be empty or new.")
  Path out;

  @Option(names = "--force", description = "Write into --out even if it is not empty (replacing the two files).")
  boolean force;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ProbeSettings settings = settings();
    if (out != null) {
      OutputTarget.checkFolder("--out", out, force);
    }
    try (PluginSet plugins = Main.openPlugins(spec)) {
      return run(plugins, settings);
    }
  }

  /** The options as settings, each bad value named by its option before any work. */
  private ProbeSettings settings() {
    atLeast("--prompts", prompts, 1);
    atLeast("--samples", samples, 1);
    atLeast("--max-new-tokens", maxNewTokens, 1);
    atLeast("--beam", beam, 1);
    atLeast("--random-sets", randomSets, 0);
    atLeast("--rounds", rounds, ProbeSettings.MIN_TIMED_ROUNDS);
    for (double f : fractions) {
      if (!(f >= 0 && f < 1)) {
        throw InvalidInputException.of("--skip-fraction: expected fractions in [0, 1), got %s", f);
      }
    }
    if (!task.equals("arith")) {
      throw InvalidInputException.of("--task: expected 'arith' (give a JSONL dataset with --data), got '%s'", task);
    }
    return ProbeSettings.builder().prompts(prompts).samples(samples).maxNewTokens(maxNewTokens).seed(seed)
        .skipFractions(fractions).beam(beam).protectEnds(!noProtectEnds).randomSets(randomSets).timedRounds(rounds)
        .build();
  }

  private static void atLeast(String option, int value, int min) {
    if (value < min) {
      throw InvalidInputException.of("%s: expected a count >= %d, got %d", option, min, value);
    }
  }

  private Integer run(PluginSet plugins, ProbeSettings settings) throws Exception {
    Backends backends = plugins.backends();
    RewardFn grader;
    try {
      Component chosen = Component.parse("reward", reward);
      grader = plugins.algorithms().reward(chosen.name(), chosen.toParams());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--reward: " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    // The model directory's own tokenizer.json when it has one; otherwise the character tokenizer (as eval does).
    Tokenizer tokenizer = Files.exists(model.resolve("tokenizer.json")) ? HfTokenizer.load(model)
        : new CharTokenizer();
    BackendOptions options = common.backendOptions();
    long started = System.nanoTime();
    ProbeReport report;
    try (AutoCloseable closeTokenizer = tokenizer instanceof AutoCloseable c ? c : () -> { };
        BufferAllocator allocator = new RootAllocator();
        LoadedModel loaded = ModelDirectory.read(model, allocator)) {
      loaded.warnings().forEach(w -> err.println("warning: " + w));
      if (loaded.spec().vocabSize() < tokenizer.vocabSize()) {
        throw InvalidInputException.of("%s: vocab_size %d is smaller than the %s tokenizer's %d ids", model,
            loaded.spec().vocabSize(), tokenizer.name(), tokenizer.vocabSize());
      }
      // A JSONL prompt that leaves no room for --max-new-tokens in the model's context is a bad row (--on-bad-row).
      Task probed = dataOptions.present() ? dataOptions.task(seed, err, PromptLimit.ofContext(
          text -> tokenizer.encodeWithBos(text).length, loaded.spec().maxPositionEmbeddings(), maxNewTokens))
          : new ArithTrainingTask(seed, maxDifficulty);
      try {
        LayerProbe.check(settings, loaded.spec());
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--skip-fraction: " + e.getMessage(), e);
      }
      // The learner only scores (its optimiser settings and correction are never used).
      LearnerSetup learnerSetup = new LearnerSetup(RunParts.defaultLearnerBackend(backends), loaded.spec(), 1e-4,
          32, options.intraOpThreads(), Component.parse("correction", "none"),
          new PolicyGradientStep.Settings(1.0, LossAggregation.TOKEN_MEAN, 1, 0, KlEstimator.K3, 0, 1));
      try (LocalLearner learner = new LocalLearner(backends, plugins.algorithms(), learnerSetup, loaded.weights(),
              allocator);
          LocalRolloutWorkers workers = new LocalRolloutWorkers(backends, RunParts.defaultRolloutBackend(backends),
              loaded.spec(), 1, allocator, options)) {
        report = LayerProbe.run(settings, new ProbeInputs(learner, workers, loaded.spec(), probed, tokenizer, grader,
            plugins.algorithms(), allocator), line -> {
              err.println("probe-layers: " + line);
              err.flush();
            });
      }
    }
    ObjectNode tree = ProbeJson.toTree(report);
    ((ObjectNode) tree.get("settings")).put("model", model.toString());
    String text = ProbeJson.toJson(tree);
    if (out != null) {
      AtomicFiles.writeString(out.resolve(PROBE_FILE), text + "\n");
      ProbeChart.write(report.costs(), out.resolve(CHART_FILE));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.println(text);
    } else {
      printTable(stdout, report);
      if (out != null) {
        stdout.printf("wrote %s and %s%n", out.resolve(PROBE_FILE), out.resolve(CHART_FILE));
      }
    }
    err.printf("probe-layers: done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    return 0;
  }

  private void printTable(PrintWriter o, ProbeReport r) {
    ProbeSettings s = r.settings();
    double full = r.fullTokensPerSecond();
    o.printf("layer probe of %s on %s: %d layers, %d prompts x %d samples, temperature %s, seed %d%n", model,
        r.task(), r.costs().numLayers(), s.prompts(), s.samples(), s.temperature(), s.seed());
    o.printf("kl, k1: per-token KL(behavior || target) in nats (k3 and plain estimates); ess: of the sequence "
        + "ratios, a fraction%n%n");
    String header = "%-8s %10s %10s %7s %7s %10s %8s%n";
    String row = "%-8s %10.6f %10.6f %7.4f %7.3f %10.0f %7.2fx%n";
    o.printf(header, "skipped", "kl", "k1", "ess", "reward", "tokens/s", "vs full");
    LayerCost f = r.costs().full();
    o.printf(row, "none", f.kl(), f.k1(), f.ess(), f.reward(), f.tokensPerSecond(), 1.0);
    for (LayerCost c : r.costs().layers()) {
      o.printf(row, c.layer(), c.kl(), c.k1(), c.ess(), c.reward(), c.tokensPerSecond(), c.tokensPerSecond() / full);
    }
    PlanFigures m = r.backendMismatch();
    o.printf("(the full model's samples measured like the others, i.e. rollout vs learner backend: kl %.2e, "
        + "k1 %.2e, ess %.6f)%n", m.kl(), m.k1(), m.ess());
    if (r.searches().isEmpty()) {
      return;
    }
    o.printf("%nskip-set searches: greedy, beam %d, over %s; random xN: mean of N distinct random-skip sets of the "
        + "same size%n", s.beam(), s.skippable(r.costs().numLayers()).describe());
    String searchHeader = "%-9s %3s %-16s %10s %10s %7s %7s %10s %8s%n";
    String searchRow = "%-9s %3s %-16s %10.6f %10.6f %7.4f %7.3f %10.0f %7.2fx%n";
    o.printf(searchHeader, "fraction", "k", "skipped", "kl", "k1", "ess", "reward", "tokens/s", "vs full");
    for (SkipSetSearch search : r.searches()) {
      PlanCost found = search.found();
      PlanFigures fig = found.figures();
      o.printf(searchRow, search.fraction(), search.count(), Arrays.toString(found.plan().skipped()), fig.kl(),
          fig.k1(), fig.ess(), fig.reward(), found.tokensPerSecond(), found.tokensPerSecond() / full);
      if (!search.random().isEmpty()) {
        PlanFigures rand = search.randomFigures();
        o.printf(searchRow, "", "", "random x" + search.random().size(), rand.kl(), rand.k1(), rand.ess(),
            rand.reward(), search.randomTokensPerSecond(), search.randomTokensPerSecond() / full);
      }
    }
  }
}
