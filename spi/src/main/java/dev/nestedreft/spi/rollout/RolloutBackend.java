package dev.nestedreft.spi.rollout;

import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.List;

/**
 * Generates completions with the behavior model: the target model's weights restricted to a {@link LayerPlan}.
 * The recorded behavior log-probs are those of the distribution that drew each token (see
 * {@link TokenSampler}).
 *
 * <p>Owns native resources until {@link #close()}. Not thread-safe.
 */
public interface RolloutBackend extends AutoCloseable {
  String name();

  ModelSpec spec();

  /**
   * Loads weights and the behavior plan. The backend copies what it needs from {@code weights} (only the
   * planned layers); the caller keeps ownership.
   *
   * @param policyVersion recorded in every row generated until the next load
   */
  void load(WeightSet weights, LayerPlan plan, long policyVersion);

  /**
   * Loads weights and a drawn behavior plan; the draw (policy, step, seed) is recorded in the metadata of every
   * batch generated until the next load.
   */
  default void load(WeightSet weights, PlanDraw draw, long policyVersion) {
    load(weights, draw.plan(), policyVersion);
    recordPlanDraw(draw);
  }

  /** Records how the loaded plan was drawn, for the metadata of the batches that follow. */
  void recordPlanDraw(PlanDraw draw);

  /** Loads with the next policy version. */
  default void load(WeightSet weights, LayerPlan plan) {
    load(weights, plan, policyVersion() + 1);
  }

  /** The version of the loaded weights; -1 before the first load. */
  long policyVersion();

  /** The loaded plan. */
  LayerPlan plan();

  /** Nanoseconds the last {@link #load} took. */
  long lastLoadNanos();

  /**
   * Generates {@code samplesPerPrompt} completions of every prompt. Rows come prompt by prompt, samples in
   * order. The caller owns the returned batch.
   *
   * @throws dev.nestedreft.spi.InvalidInputException for tokens outside the vocabulary or sequences longer
   *     than {@code max_position_embeddings}
   * @throws IllegalStateException before the first {@link #load}
   */
  default RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    return generate(prompts, samplesPerPrompt, params, CacheMode.KV_CACHE);
  }

  /**
   * Like {@link #generate(List, int, SamplingParams)} with an explicit cache mode; both modes give the same
   * tokens for the same seed, and {@link CacheMode#RECOMPUTE} exists as the benchmark's baseline.
   */
  RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params, CacheMode mode);

  /** Statistics of the last {@link #generate} call. */
  GenerationStats lastStats();

  @Override
  void close();
}
