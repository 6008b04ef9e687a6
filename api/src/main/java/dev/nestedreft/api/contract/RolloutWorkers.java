package dev.nestedreft.api.contract;

import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.List;

/**
 * The trainer's rollout workers, whatever runs them (Ray actors or in-process engines): each gets the published
 * weights and plan, and the prompts are split across them.
 *
 * <p>Not thread-safe: one caller at a time.
 */
public interface RolloutWorkers extends AutoCloseable {
  /** Loads weights published by the learner of the same placement, and a behavior plan, into every worker. */
  void load(PublishedWeights weights, PlanDraw draw, long policyVersion);

  /** Loads weights held by the caller (who keeps them) and a behavior plan into every worker. */
  void load(WeightSet weights, PlanDraw draw, long policyVersion);

  /**
   * Generates {@code samplesPerPrompt} completions for every prompt, the prompts split across the workers. The
   * caller owns the result and closes it.
   */
  Rollouts generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params);

  int size();

  @Override
  void close();
}
