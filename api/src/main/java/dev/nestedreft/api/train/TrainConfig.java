package dev.nestedreft.api.train;

import dev.nestedreft.spi.InvalidInputException;

/**
 * Everything a training run needs, resolved (presets expanded, defaults filled). Field meanings and defaults are
 * documented in docs/CONFIG.md; {@link TrainConfigReader} reads it from YAML or JSON.
 *
 * @param name the run's name: it writes to {@code runs/<name>/}
 * @param seed the root of every random choice (weights, data order, behavior plans, sampling)
 * @param preset the model architecture preset
 * @param algorithm the algorithm preset (reft, nested-reft, ...)
 * @param correction overrides the preset's correction when not null (e.g. {@code tis} or {@code tis:c=2})
 * @param skipFraction overrides the fraction of layers random-skip drops when not null
 * @param steps RL steps
 * @param promptsPerStep prompts per step
 * @param samplesPerPrompt completions per prompt (the GRPO group size)
 * @param maxNewTokens the most tokens per completion
 * @param temperature sampling temperature (the learner's log-probs use the same)
 * @param learningRate RL learning rate (AdamW)
 * @param microBatch sequences per learner forward/backward pass
 * @param updatesPerBatch optimiser updates per rollout batch
 * @param maxDifficulty the task's highest difficulty level used
 * @param sftSteps supervised warm-up steps before RL (0 = none)
 * @param sftBatch sequences per warm-up step
 * @param sftLearningRate warm-up learning rate
 * @param evalProblems test problems for accuracy
 * @param evalEvery evaluate every this many steps (0 = only before and after)
 * @param checkpointEvery write a checkpoint every this many steps (0 = only at the end)
 * @param keepCheckpoints how many checkpoints to keep
 * @param rolloutWorkers rollout workers (Ray actors)
 * @param rayAddress null for Ray's LOCAL mode, or the address of a Ray cluster
 * @param threads intra-op threads per engine
 * @param onRewardError {@code stop} (the run stops, naming the prompt) or {@code skip} (the sample scores 0 and
 *     is counted in {@code reward_errors})
 * @param modelDir a Hugging Face model directory to start from instead of {@code preset}'s seeded weights (null:
 *     the preset)
 */
public record TrainConfig(
    String name,
    long seed,
    String preset,
    String algorithm,
    String correction,
    Double skipFraction,
    int steps,
    int promptsPerStep,
    int samplesPerPrompt,
    int maxNewTokens,
    double temperature,
    double learningRate,
    int microBatch,
    int updatesPerBatch,
    int maxDifficulty,
    int sftSteps,
    int sftBatch,
    double sftLearningRate,
    int evalProblems,
    int evalEvery,
    int checkpointEvery,
    int keepCheckpoints,
    int rolloutWorkers,
    String rayAddress,
    int threads,
    String onRewardError,
    String modelDir) {

  public TrainConfig {
    positive("steps", steps, true);
    positive("prompts_per_step", promptsPerStep, false);
    positive("samples_per_prompt", samplesPerPrompt, false);
    positive("max_new_tokens", maxNewTokens, false);
    positive("micro_batch", microBatch, false);
    positive("updates_per_batch", updatesPerBatch, false);
    positive("max_difficulty", maxDifficulty, false);
    positive("sft_steps", sftSteps, true);
    positive("sft_batch", sftBatch, false);
    positive("eval_problems", evalProblems, false);
    positive("eval_every", evalEvery, true);
    positive("checkpoint_every", checkpointEvery, true);
    positive("keep_checkpoints", keepCheckpoints, false);
    positive("rollout_workers", rolloutWorkers, false);
    positive("threads", threads, false);
    if (!(temperature > 0)) {
      throw InvalidInputException.of("temperature must be > 0 for RL, got %s", temperature);
    }
    if (!(learningRate >= 0) || !(sftLearningRate >= 0)) {
      throw InvalidInputException.of("learning rates must be >= 0, got %s and %s", learningRate, sftLearningRate);
    }
    if (skipFraction != null && !(skipFraction >= 0 && skipFraction < 1)) {
      throw InvalidInputException.of("skip_fraction must be in [0, 1), got %s", skipFraction);
    }
    if (!"stop".equals(onRewardError) && !"skip".equals(onRewardError)) {
      throw InvalidInputException.of("on_reward_error must be 'stop' or 'skip', got '%s'", onRewardError);
    }
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw InvalidInputException.of("name must be letters, digits, '.', '_' or '-', got '%s'", name);
    }
  }

  private static void positive(String field, int value, boolean zeroAllowed) {
    if (value < 0 || (!zeroAllowed && value == 0)) {
      throw InvalidInputException.of("%s must be %s, got %d", field, zeroAllowed ? ">= 0" : "> 0", value);
    }
  }

  /** The demo's settings: Nested-ReFT on {@code tiny}/{@code arith}, a few minutes on two cores. */
  public static TrainConfig demo() {
    return new TrainConfig("demo", 7, "tiny", "nested-reft", null, null, 60, 16, 8, 24, 1.0, 1e-4, 32, 1, 1, 800,
        32, 1e-3, 200, 0, 10, 2, 1, null, Math.max(1, Runtime.getRuntime().availableProcessors()), "stop", null);
  }
}
