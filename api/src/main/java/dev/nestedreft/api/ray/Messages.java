package dev.nestedreft.api.ray;

import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import java.util.List;

/**
 * The messages of the actor calls that carry more than one value, each a record encoded by {@link Wire}. (The
 * creation messages are {@link dev.nestedreft.api.contract.LearnerSetup} and
 * {@link dev.nestedreft.api.contract.WorkerSetup}; the learner's step result is
 * {@link dev.nestedreft.api.learn.PolicyGradientStep.Report}.)
 */
final class Messages {
  private Messages() {}

  /**
   * Load weights (sent beside it as Arrow IPC bytes) and a plan.
   *
   * @param plan the layers the behavior model runs
   * @param policyVersion recorded in every row until the next load
   * @param draw how the plan was drawn, recorded in the batches' metadata; null when it was not drawn
   */
  record Load(LayerPlan plan, long policyVersion, PlanDraw draw) {}

  /** Generate {@code samplesPerPrompt} completions of every prompt. */
  record Generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams sampling) {}

  /**
   * What a generate call produced; the batch itself stays with the worker until {@code takeBatch}.
   *
   * @param sequences rows generated
   * @param generatedTokens completion tokens generated
   * @param generationNanos the backend's wall time
   */
  record Generated(int sequences, long generatedTokens, long generationNanos) {}

  /** One learner step on the batches staged since the last step. */
  record Step(float[] advantages) {}

  /** The target log-probs of the staged batches' completions, one array per row (the layer probe's). */
  record Logprobs(List<float[]> rows) {}
}
