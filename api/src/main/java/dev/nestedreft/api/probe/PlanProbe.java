package dev.nestedreft.api.probe;

import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.learn.RewardScoring;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes one plan at a time on fixed prompts with one sampling seed: loads the plan into the workers (with the
 * learner's weights, published once), generates, scores the samples with the reward, and asks the learner for their
 * target log-probs. A plan's figures are computed once and kept. Owns the published weights until {@link #close()}.
 * Not thread-safe.
 */
final class PlanProbe implements AutoCloseable {
  /** The policy name recorded in the probe's batches. */
  static final String POLICY = "probe";

  private final ProbeSettings settings;
  private final ProbeInputs in;
  private final List<Prompt> prompts = new ArrayList<>();
  private final Map<Long, TaskProblem> problems = new HashMap<>();
  private final SamplingParams sampling;
  private final PublishedWeights weights;
  private final Map<LayerPlan, PlanFigures> figures = new HashMap<>();
  private final LayerPlan full;
  private PlanFigures backendMismatch;

  PlanProbe(ProbeSettings settings, ProbeInputs in) {
    this.settings = settings;
    this.in = in;
    for (TaskProblem p : in.task().train(0, settings.prompts())) {
      prompts.add(new Prompt(p.id(), in.tokenizer().encodeWithBos(p.prompt())));
      problems.put(p.id(), p);
    }
    this.sampling = new SamplingParams(settings.temperature(), 0, 1.0, settings.maxNewTokens(),
        new int[] {in.tokenizer().eosId()}, settings.seed());
    this.full = in.spec().fullPlan();
    this.weights = in.learner().publishWeights();
  }

  /** How many plans have been measured so far. */
  int measured() {
    return figures.size();
  }

  /**
   * The figures of {@code plan}, measured on first use. The full plan's are those of the target itself
   * ({@link PlanFigures#onPolicy}); what its samples measure is {@link #backendMismatch()}.
   */
  PlanFigures figures(LayerPlan plan) {
    PlanFigures known = figures.get(plan);
    if (known != null) {
      return known;
    }
    load(plan);
    PlanFigures measured;
    try (Rollouts rollouts = in.workers().generate(prompts, settings.samples(), sampling)) {
      double[] rewards;
      List<float[]> behavior = new ArrayList<>();
      try (RolloutBatch batch = rollouts.read(in.allocator())) {
        List<RewardInput> inputs = new ArrayList<>();
        for (int row = 0; row < batch.rowCount(); row++) {
          TaskProblem p = problems.get(batch.promptId(row));
          inputs.add(new RewardInput(p.id(), p.prompt(), in.tokenizer().decode(batch.completionTokens(row)),
              p.reference()));
          behavior.add(batch.behaviorLogprobs(row));
        }
        rewards = RewardScoring.score(in.reward(), inputs);
      }
      List<float[]> target = in.learner().completionLogprobs(rollouts, settings.temperature());
      measured = PlanFigures.of(target, behavior, rewards);
    }
    PlanFigures out = measured;
    if (plan.equals(full)) {
      backendMismatch = measured;
      out = PlanFigures.onPolicy(measured.reward());
    }
    figures.put(plan, out);
    return out;
  }

  /**
   * The full plan's samples measured against the learner as any plan's are: zero up to the numerical difference
   * between the rollout and the learner backends, which every other plan's figures also carry. Null before the full
   * plan was measured.
   */
  PlanFigures backendMismatch() {
    return backendMismatch;
  }

  /** One timed generation of {@code plan}'s samples (the figures are not read): rollout tokens/s. */
  double tokensPerSecond(LayerPlan plan) {
    load(plan);
    try (Rollouts rollouts = in.workers().generate(prompts, settings.samples(), sampling)) {
      return rollouts.stats().tokensPerSecond();
    }
  }

  private void load(LayerPlan plan) {
    in.workers().load(weights, new PlanDraw(plan, POLICY, -1, settings.seed()), -1);
  }

  @Override
  public void close() {
    weights.close();
  }
}
