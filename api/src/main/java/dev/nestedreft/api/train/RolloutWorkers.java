package dev.nestedreft.api.train;

import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The trainer's rollout workers, whatever runs them (Ray actors or in-process engines): each gets the published
 * weights and plan, and the prompts are split across them.
 */
public interface RolloutWorkers extends AutoCloseable {
  /** Publishes weights and a behavior plan to every worker. The caller keeps {@code weights}. */
  void load(WeightSet weights, PlanDraw draw, long policyVersion);

  /**
   * Like {@link #load(WeightSet, PlanDraw, long)}, with the weights in their wire form
   * ({@link dev.nestedreft.spi.weights.WeightSetIpc} bytes, as the learner exports them).
   */
  void loadIpc(byte[] weightsIpc, PlanDraw draw, long policyVersion);

  /** Generates for all prompts (split across workers), gathered into one batch owned by the caller. */
  RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params, BufferAllocator allocator);

  /** Generated tokens and wall time of the last {@link #generate} call, over all workers. */
  GenerationStats lastStats();

  int size();

  @Override
  void close();
}
