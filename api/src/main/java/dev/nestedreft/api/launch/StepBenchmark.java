package dev.nestedreft.api.launch;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.bench.Spread;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.train.Pipeline;
import dev.nestedreft.api.train.StepReport;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Where one RL step's wall time goes, for several algorithms and pipelines side by side: each variant trains real
 * runs of the built-in arithmetic task ({@link TrainingRun}, the learner and rollout engines it would use, no
 * supervised warm-up, the preset's seeded weights), a few steps at a time, the variants taking turns round by round
 * in alternating order so that a drift in the machine's speed falls on every variant alike. A run's first step is
 * a warm-up (sessions built, graphs traced; in {@code one-step-off}, its batch generated without overlap) and is not
 * counted. Per variant, the median over the counted steps of each part: weight publication, rollout, reward, the
 * target log-probs, the update, and the rest of the step ("other": the correction, advantages, the behavior
 * policy's bookkeeping, metrics).
 */
public final class StepBenchmark {
  /** One algorithm under one pipeline. */
  public record Variant(String algorithm, Pipeline pipeline) {
    public String label() {
      return algorithm + "/" + pipeline.configName();
    }
  }

  /**
   * @param preset the model architecture (its seeded random weights)
   * @param stepsPerRun steps of each run; the first is not counted (at least 2)
   * @param rounds runs per variant
   * @param inProcess the learner and the workers in this process without Ray ({@link LocalPlacement}), instead of
   *     the command line's Ray placement
   */
  public record Settings(String preset, List<Variant> variants, int newTokens, int promptsPerStep,
      int samplesPerPrompt, int microBatch, int stepsPerRun, int rounds, int threads, long seed, boolean inProcess) {
    public Settings {
      variants = List.copyOf(variants);
      if (stepsPerRun < 2 || rounds < 1 || variants.isEmpty()) {
        throw new IllegalArgumentException("a step benchmark needs at least 2 steps per run, 1 round and 1 variant");
      }
    }
  }

  /**
   * One variant's figures, medians over its counted steps, in seconds. Under {@code one-step-off} the parts overlap
   * (the next batch's rollout runs during the update), so they add up to more than the step; {@code other} is then
   * not given (NaN).
   */
  public record Row(Variant variant, Spread step, double publish, double rollout, double reward, double target,
      double update, double other, double rolloutTokensPerSecond, int steps) {
    /** The share of the step's wall time a part takes (a part over the median step). */
    public double share(double part) {
      return part / step.median();
    }
  }

  private StepBenchmark() {}

  /**
   * Runs the benchmark; its runs are written under {@code runsRoot}, which the caller removes.
   *
   * @param progress one line per run
   */
  public static ImmutableList<Row> run(Settings settings, PluginSet plugins, Path runsRoot,
      AtomicBoolean interrupted, Consumer<String> progress) {
    List<List<StepReport>> counted = new ArrayList<>();
    settings.variants().forEach(v -> counted.add(new ArrayList<>()));
    for (int round = 0; round < settings.rounds() && !interrupted.get(); round++) {
      for (int i = 0; i < settings.variants().size() && !interrupted.get(); i++) {
        int v = round % 2 == 0 ? i : settings.variants().size() - 1 - i;
        Variant variant = settings.variants().get(v);
        TrainConfig config = config(settings, variant, round);
        List<StepReport> steps = counted.get(v);
        progress.accept(String.format("round %d/%d: %s, %d steps", round + 1, settings.rounds(), variant.label(),
            settings.stepsPerRun()));
        TrainingRun.Environment env = BuiltInTask.environment(config, runsRoot, plugins, interrupted::get);
        if (settings.inProcess()) {
          env = env.withPlacement(() -> new LocalPlacement(plugins.backends(), plugins.algorithms()));
        }
        TrainingRun.run(config, env, false, interrupted, new TrainingRun.Listener() {
              @Override
              public void step(StepReport report, long total) {
                if (report.step() > 1) {
                  steps.add(report);
                }
              }
            });
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int v = 0; v < settings.variants().size(); v++) {
      List<StepReport> steps = counted.get(v);
      if (steps.isEmpty()) {
        continue; // interrupted before this variant ran
      }
      Variant variant = settings.variants().get(v);
      Spread step = Spread.of(values(steps, StepReport::stepSeconds));
      double publish = median(steps, StepReport::publishSeconds);
      double rollout = median(steps, StepReport::rolloutSeconds);
      double reward = median(steps, StepReport::rewardSeconds);
      double target = median(steps, StepReport::targetSeconds);
      double update = median(steps, StepReport::learnerSeconds);
      double other = variant.pipeline() == Pipeline.SYNC
          ? median(steps, r -> r.stepSeconds() - r.publishSeconds() - r.rolloutSeconds() - r.rewardSeconds()
              - r.targetSeconds() - r.learnerSeconds())
          : Double.NaN;
      rows.add(new Row(variant, step, publish, rollout, reward, target, update, other,
          median(steps, StepReport::rolloutTokensPerSecond), steps.size()));
    }
    return ImmutableList.copyOf(rows);
  }

  /** The config of one variant's run in one round: the demo's task and shapes, no warm-up, one held-out problem. */
  static TrainConfig config(Settings settings, Variant variant, int round) {
    return TrainConfig.builder().name("step-" + variant.algorithm() + "-" + variant.pipeline().configName() + "-r"
            + round).seed(settings.seed()).preset(settings.preset()).algorithm(variant.algorithm())
        .pipeline(variant.pipeline()).steps(settings.stepsPerRun()).promptsPerStep(settings.promptsPerStep())
        .samplesPerPrompt(settings.samplesPerPrompt()).microBatch(settings.microBatch())
        .maxNewTokens(settings.newTokens()).sftSteps(0)
        .evalProblems(1).checkpointEvery(settings.stepsPerRun()).keepCheckpoints(1).threads(settings.threads())
        .build();
  }

  private static double[] values(List<StepReport> steps, ToDoubleFunction<StepReport> part) {
    return steps.stream().mapToDouble(part).toArray();
  }

  private static double median(List<StepReport> steps, ToDoubleFunction<StepReport> part) {
    return Spread.of(values(steps, part)).median();
  }
}
