package dev.nestedreft.api.train;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.learn.RewardScoring;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.text.Tokenizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The RL loop. Per step: choose prompts (the task's train stream at the data position), draw the behavior plan,
 * publish the learner's weights to the rollout workers, generate, score with the reward, compute advantages, run
 * the learner step with the off-policy correction, and log the metrics. Every random choice is a function of the
 * run seed and the step, so a run resumed from a checkpoint continues exactly as an uninterrupted one.
 */
public final class Trainer {
  /** Stops the run after this many consecutive steps with a non-finite loss or gradient. */
  public static final int MAX_CONSECUTIVE_SKIPS = 3;

  private final TrainConfig config;
  private final ModelSpec spec;
  private final Task task;
  private final Tokenizer tokenizer;
  private final LearnerService learner;
  private final RolloutWorkers workers;
  private final BufferAllocator allocator;
  private final BehaviorPolicy behavior;
  private final OffPolicyCorrection correction;
  private final String correctionName;
  private final String correctionParams;
  private final AdvantageEstimator advantages;
  private final RewardFn reward;
  private final PolicyGradientStep.Settings settings;

  public Trainer(TrainConfig config, ModelSpec spec, Task task, Tokenizer tokenizer, LearnerService learner,
      RolloutWorkers workers, Algorithms algorithms, RewardFn reward, BufferAllocator allocator) {
    this.config = config;
    this.spec = spec;
    this.task = task;
    this.tokenizer = tokenizer;
    this.learner = learner;
    this.workers = workers;
    this.allocator = allocator;
    this.reward = reward;
    Algorithm algorithm = algorithms.preset(config.algorithm()).algorithm();
    Params behaviorParams = algorithm.behaviorParams();
    if (config.skipFraction() != null && algorithm.behavior().equals("random-skip")) {
      behaviorParams = Params.parse("behavior 'random-skip'", "fraction=" + config.skipFraction());
    }
    this.behavior = algorithms.behavior(algorithm.behavior(), behaviorParams, config.seed());
    String[] correctionSpec = correctionSpec(config, algorithm);
    this.correctionName = correctionSpec[0];
    this.correctionParams = correctionSpec[1];
    // Created here too, so a bad name or parameter fails before any work.
    this.correction = algorithms.correction(correctionName,
        Params.parse("correction '" + correctionName + "'", correctionParams));
    this.advantages = algorithms.advantage(algorithm.advantage(), algorithm.advantageParams());
    this.settings = new PolicyGradientStep.Settings(config.temperature(), algorithm.aggregation(),
        config.maxNewTokens(), algorithm.klCoefficient(), algorithm.klEstimator(), algorithm.entropyCoefficient(),
        config.updatesPerBatch());
  }

  /**
   * Resolves the config's algorithm preset and correction, so that a bad name or parameter fails before any work
   * (such as a comparison of many runs).
   *
   * @throws dev.nestedreft.spi.InvalidInputException naming what is unknown or ill-formed
   */
  public static void check(TrainConfig config, Algorithms algorithms) {
    Algorithm algorithm = algorithms.preset(config.algorithm()).algorithm();
    String[] spec = correctionSpec(config, algorithm);
    algorithms.correction(spec[0], Params.parse("correction '" + spec[0] + "'", spec[1]));
  }

  /** {name, params}: the config's {@code correction} override ({@code name[:params]}), else the preset's. */
  private static String[] correctionSpec(TrainConfig config, Algorithm algorithm) {
    if (config.correction() != null) {
      String[] parts = config.correction().split(":", 2);
      return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
    }
    return new String[] {algorithm.correction(), algorithm.correctionParams().toText()};
  }

  public OffPolicyCorrection correction() {
    return correction;
  }

  public BehaviorPolicy behavior() {
    return behavior;
  }

  /** The seed of step {@code step}'s sampling: a function of the run seed and the step only. */
  static long samplingSeed(long seed, long step) {
    return new SplittableRandom(seed ^ (0x5DEECE66DL * (step + 1))).nextLong();
  }

  /**
   * Runs one RL step (0-based {@code step}) and returns its metrics.
   *
   * @throws NestedReftException when the reward function fails (naming the prompt)
   */
  public StepMetrics step(long step, long dataPosition) {
    long start = System.nanoTime();
    List<TaskProblem> problems = task.train(dataPosition, config.promptsPerStep());
    Map<Long, TaskProblem> byId = new HashMap<>();
    problems.forEach(p -> byId.put(p.id(), p));
    PlanDraw draw = behavior.draw(step, spec);
    long publishStart = System.nanoTime();
    workers.loadIpc(learner.exportWeightsIpc(), draw, step);
    long publishNanos = System.nanoTime() - publishStart;
    List<Prompt> prompts = Prompts.of(problems, tokenizer);
    SamplingParams params = new SamplingParams(config.temperature(), 0, 1.0, config.maxNewTokens(),
        new int[] {tokenizer.eosId()}, samplingSeed(config.seed(), step));
    try (RolloutBatch batch = workers.generate(prompts, config.samplesPerPrompt(), params, allocator)) {
      GenerationStats rollout = workers.lastStats();
      var inputs = Evaluation.inputs(batch, byId, tokenizer);
      int rewardErrors = 0;
      double[] rewards;
      if (config.onRewardError().equals("skip")) {
        RewardScoring.Scores scores = RewardScoring.scoreSkippingErrors(reward, inputs);
        rewards = scores.values();
        rewardErrors = scores.errors();
      } else {
        rewards = RewardScoring.score(reward, inputs);
      }
      long[] groups = new long[batch.rowCount()];
      double lengthSum = 0;
      for (int row = 0; row < groups.length; row++) {
        groups[row] = batch.promptId(row);
        lengthSum += batch.completionTokens(row).length;
      }
      float[] adv = advantages.advantages(groups, rewards);
      PolicyGradientStep.Report report = learner.step(batch, adv, correctionName, correctionParams, settings);
      double rewardMean = 0;
      double correct = 0;
      for (double r : rewards) {
        rewardMean += r;
        correct += r >= 1.0 ? 1 : 0;
      }
      var update = report.last();
      long learnerTokens = report.updates().stream().mapToLong(u -> u.tokens()).sum();
      double learnerSeconds = report.updateNanos() / 1e9;
      StepMetrics m = new StepMetrics()
          .put("step", step + 1)
          .put("data_position", dataPosition)
          .put("reward_mean", rewardMean / rewards.length)
          .put("train_accuracy", correct / rewards.length)
          .put("response_length_mean", lengthSum / rewards.length)
          .put("plan_layers", draw.plan().size())
          .put("plan_skipped", java.util.Arrays.toString(draw.plan().skipped()))
          .put("loss", update.loss())
          .put("grad_norm", update.gradNorm())
          .put("learning_rate", update.learningRate())
          .put("entropy", update.entropy())
          .put("kl_reference", update.kl())
          .put("ratio_mean", report.diagnostics().ratioMean())
          .put("ratio_min", report.diagnostics().ratioMin())
          .put("ratio_max", report.diagnostics().ratioMax())
          .put("ess", report.diagnostics().effectiveSampleSize())
          .put("kl_behavior_target", report.diagnostics().klBehaviorTarget())
          .put("clip_fraction", report.diagnostics().clippedFraction())
          .put("skipped", report.updates().stream().anyMatch(u -> u.skipped()))
          .put("reward_errors", rewardErrors)
          .put("rollout_tokens", rollout.generatedTokens())
          .put("rollout_tokens_per_s", rollout.tokensPerSecond())
          .put("learner_tokens_per_s", learnerTokens / Math.max(1e-9, learnerSeconds))
          .put("rollout_s", rollout.totalNanos() / 1e9)
          .put("learner_s", learnerSeconds)
          .put("publish_s", publishNanos / 1e9)
          .put("step_s", (System.nanoTime() - start) / 1e9);
      return m;
    }
  }

  /** Greedy test accuracy of the learner's current weights (full plan). */
  public Evaluation.Result evaluate(int problems, int samples) {
    workers.loadIpc(learner.exportWeightsIpc(), Evaluation.fullPlan(spec, config.seed()), -1);
    return Evaluation.runLoaded(workers, tokenizer, task.test(problems), reward, config.maxNewTokens(), samples,
        config.seed(), allocator);
  }

  /**
   * Rollout tokens/s of {@code draw}'s plan and of the full plan with the current weights, measured one after the
   * other on the same prompts (after one warm-up generation each).
   */
  public double[] measureRolloutSpeed(PlanDraw nested, int promptsCount) {
    List<Prompt> prompts = Prompts.of(task.test(promptsCount), tokenizer);
    SamplingParams params = new SamplingParams(config.temperature(), 0, 1.0, config.maxNewTokens(), new int[0],
        config.seed());
    double[] out = new double[2];
    byte[] weights = learner.exportWeightsIpc(); // published once, loaded with each plan in turn
    PlanDraw[] draws = {nested, Evaluation.fullPlan(spec, config.seed())};
    for (int round = 0; round < 2; round++) { // round 0 warms up
      for (int i = 0; i < 2; i++) {
        workers.loadIpc(weights, draws[i], -1);
        workers.generate(prompts, config.samplesPerPrompt(), params, allocator).close();
        if (round == 1) {
          out[i] = workers.lastStats().tokensPerSecond();
        }
      }
    }
    return out;
  }

  /** Provenance for checkpoints of this run. */
  public dev.nestedreft.spi.backend.Provenance provenance(long step) {
    return NestedReft.provenance(Map.of("seed", Long.toString(config.seed()), "run", config.name(),
        "step", Long.toString(step), "algorithm", config.algorithm(), "correction", correction.name()));
  }
}
