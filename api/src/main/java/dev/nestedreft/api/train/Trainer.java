package dev.nestedreft.api.train;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.learn.RewardScoring;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.PlanFeedback;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.text.Tokenizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The RL loop's step. Per step: choose prompts (the task's train stream at the data position), draw the behavior
 * plan, publish the learner's weights to the rollout workers, generate, score with the reward, compute advantages,
 * run the learner step (whose correction was fixed when the learner was created), tell the behavior policy what its
 * plan cost ({@link BehaviorPolicy#observe}), and report. Every random choice
 * is a function of the run seed, the step and the behavior policy's state (saved in every checkpoint), so a run
 * resumed from a checkpoint continues exactly as an uninterrupted one.
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
  private final AlgorithmChoice algorithm;
  private final RewardFn reward;

  public Trainer(TrainConfig config, ModelSpec spec, Task task, Tokenizer tokenizer, LearnerService learner,
      RolloutWorkers workers, AlgorithmChoice algorithm, RewardFn reward, BufferAllocator allocator) {
    this.config = config;
    this.spec = spec;
    this.task = task;
    this.tokenizer = tokenizer;
    this.learner = learner;
    this.workers = workers;
    this.allocator = allocator;
    this.algorithm = algorithm;
    this.reward = reward;
  }

  public BehaviorPolicy behavior() {
    return algorithm.behavior();
  }

  /** The seed of step {@code step}'s sampling: a function of the run seed and the step only. */
  static long samplingSeed(long seed, long step) {
    return new SplittableRandom(seed ^ (0x5DEECE66DL * (step + 1))).nextLong();
  }

  /**
   * Runs one RL step (0-based {@code step}) of the {@code sync} pipeline and reports it: the batch is generated from
   * the weights the step then updates.
   *
   * @throws NestedReftException when the reward function fails (naming the prompt)
   */
  public StepReport step(long step, long dataPosition) {
    long start = System.nanoTime();
    try (GeneratedBatch batch = generate(load(step, dataPosition, step))) {
      return learn(batch, start);
    }
  }

  /**
   * Prepares step {@code step}'s generation: takes its prompts at {@code dataPosition}, draws its behavior plan
   * ({@link BehaviorPolicy#draw}, from the policy's state now), publishes the learner's current weights and loads
   * them with the plan into the workers.
   *
   * @param policyVersion the version of the learner's current weights (the updates applied to them)
   */
  RolloutRequest load(long step, long dataPosition, long policyVersion) {
    List<TaskProblem> problems = task.train(dataPosition, config.promptsPerStep());
    PlanDraw draw = algorithm.behavior().draw(step, spec);
    long publishStart = System.nanoTime();
    try (PublishedWeights weights = learner.publishWeights()) {
      workers.load(weights, draw, policyVersion);
    }
    long publishNanos = System.nanoTime() - publishStart;
    SamplingParams params = new SamplingParams(config.temperature(), 0, 1.0, config.maxNewTokens(),
        new int[] {tokenizer.eosId()}, samplingSeed(config.seed(), step));
    return new RolloutRequest(step, dataPosition, problems, Prompts.of(problems, tokenizer), draw, policyVersion,
        params, publishNanos);
  }

  /**
   * Generates what {@code request} asks with the weights and plan {@link #load} loaded; touches only the workers, so
   * it may run on another thread while this thread calls the learner (pipeline {@code one-step-off}). The caller
   * owns the result.
   */
  GeneratedBatch generate(RolloutRequest request) {
    return new GeneratedBatch(request, workers.generate(request.prompts(), config.samplesPerPrompt(),
        request.params()));
  }

  /**
   * A batch restored from a checkpoint ({@link PendingBatch}) with its rows, which the result then owns: its
   * prompts are taken again at its data position.
   */
  GeneratedBatch restore(PendingBatch pending, RolloutBatch rows) {
    List<TaskProblem> problems = task.train(pending.dataPosition(), config.promptsPerStep());
    SamplingParams params = new SamplingParams(config.temperature(), 0, 1.0, config.maxNewTokens(),
        new int[] {tokenizer.eosId()}, samplingSeed(config.seed(), pending.step()));
    RolloutRequest request = new RolloutRequest(pending.step(), pending.dataPosition(), problems,
        Prompts.of(problems, tokenizer), pending.draw(), pending.policyVersion(), params, pending.publishNanos());
    return new GeneratedBatch(request, new HeldRollouts(rows, pending.stats()));
  }

  /**
   * The rest of a step on a generated batch: scores it with the reward, computes the advantages, runs the learner
   * step with the learner's current weights (the correction divides by the behavior log-probs recorded in the
   * batch), tells the behavior policy what the batch's plan cost, and reports. The batch stays the caller's.
   *
   * @param start when the step began ({@code System.nanoTime()}), for {@code step_s}
   */
  StepReport learn(GeneratedBatch batch, long start) {
    RolloutRequest request = batch.request();
    Rollouts rollouts = batch.rollouts();
    GenerationStats rollout = rollouts.stats();
    long[] groups;
    int[] lengths;
    RewardScoring.Scores scores;
    long rewardNanos;
    try (RolloutBatch rows = rollouts.read(allocator)) {
      long rewardStart = System.nanoTime();
      scores = Prompts.score(rows, request.problems(), tokenizer, reward, config.onRewardError().equals("skip"));
      rewardNanos = System.nanoTime() - rewardStart;
      groups = new long[rows.rowCount()];
      lengths = new int[rows.rowCount()];
      for (int row = 0; row < groups.length; row++) {
        groups[row] = rows.promptId(row);
        lengths[row] = rows.completionTokens(row).length;
      }
    }
    double[] rewards = scores.values();
    float[] adv = algorithm.advantages().advantages(groups, rewards);
    PolicyGradientStep.Report report = learner.step(rollouts, adv);
    UpdateResult update = report.last();
    long learnerTokens = report.updates().stream().mapToLong(UpdateResult::tokens).sum();
    double learnerSeconds = report.updateNanos() / 1e9;
    double rewardSum = 0;
    double correct = 0;
    for (double r : rewards) {
      rewardSum += r;
      correct += r >= 1.0 ? 1 : 0;
    }
    var d = report.diagnostics();
    boolean skipped = report.updates().stream().anyMatch(UpdateResult::skipped);
    PlanDraw draw = request.draw();
    algorithm.behavior().observe(new PlanFeedback(request.step(), draw.plan(), d.klBehaviorTarget(),
        d.effectiveSampleSize(), rewardSum / rewards.length, skipped));
    return new StepReport(request.step() + 1, request.dataPosition(), rewardSum / rewards.length,
        correct / rewards.length, Arrays.stream(lengths).sum() / (double) rewards.length, draw.plan().size(),
        Arrays.stream(draw.plan().skipped()).boxed().toList(), draw.policy(), draw.estimatedCost(), update.loss(),
        update.gradNorm(), update.learningRate(), update.entropy(), update.kl(), d.ratioMean(), d.ratioMin(),
        d.ratioMax(), d.effectiveSampleSize(), d.klBehaviorTarget(), d.clippedFraction(), skipped, scores.errors(),
        rollout.generatedTokens(), rollout.tokensPerSecond(), learnerTokens / Math.max(1e-9, learnerSeconds),
        rollout.totalNanos() / 1e9, rewardNanos / 1e9, learnerSeconds, report.targetNanos() / 1e9,
        request.publishNanos() / 1e9,
        (System.nanoTime() - start) / 1e9, null);
  }

  /** Greedy accuracy of the learner's current weights (full plan) on the config's {@code eval_split}. */
  public Evaluation.Result evaluate(int problems, int samples) {
    try (PublishedWeights weights = learner.publishWeights()) {
      workers.load(weights, Evaluation.fullPlan(spec, config.seed()), -1);
    }
    return Evaluation.runLoaded(workers, tokenizer, config.evalSplit().problems(task, problems), reward,
        config.maxNewTokens(), samples, config.seed(), allocator);
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
    PlanDraw[] draws = {nested, Evaluation.fullPlan(spec, config.seed())};
    try (PublishedWeights weights = learner.publishWeights()) { // published once, loaded with each plan in turn
      for (int round = 0; round < 2; round++) { // round 0 warms up
        for (int i = 0; i < 2; i++) {
          workers.load(weights, draws[i], -1);
          try (Rollouts r = workers.generate(prompts, config.samplesPerPrompt(), params)) {
            if (round == 1) {
              out[i] = r.stats().tokensPerSecond();
            }
          }
        }
      }
    }
    return out;
  }

  /** Provenance for checkpoints of this run. */
  public Provenance provenance(long step) {
    return NestedReft.provenance(Map.of("seed", Long.toString(config.seed()), "run", config.name(),
        "step", Long.toString(step), "algorithm", config.algorithm(), "correction", algorithm.correction().name()));
  }
}
