package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.spi.InvalidInputException;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import java.util.List;

/**
 * Everything a training run needs, resolved (presets expanded, defaults filled). Build one with {@link #builder()},
 * whose defaults are the demo's ({@link ConfigFields} holds each field's name, default and documentation in one
 * place); {@link TrainConfigReader} reads one from YAML or JSON and {@link ConfigFields#toTree} writes one in the same
 * form. Field meanings are documented in docs/CONFIG.md.
 *
 * <p>The compact constructor checks every value and reports every problem at once, each naming its field. The names
 * a config refers to (preset, algorithm, correction) are checked against what is installed by
 * {@link ConfigCheck}, before any work.
 *
 * @param name the run's name: it writes to {@code runs/<name>/}; a plain directory name (letters, digits, '.',
 *     '_', '-', starting with a letter or digit)
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
 * @param learningRate RL learning rate (AdamW), at most {@link #MAX_LEARNING_RATE}
 * @param microBatch sequences per learner forward/backward pass
 * @param updatesPerBatch optimiser updates per rollout batch
 * @param maxDifficulty the task's highest difficulty level used
 * @param sftSteps supervised warm-up steps before RL (0 = none)
 * @param sftBatch sequences per warm-up step
 * @param sftLearningRate warm-up learning rate
 * @param evalProblems held-out problems for accuracy
 * @param evalEvery evaluate every this many steps (0 = only before and after)
 * @param evalSplit which held-out problems the evaluations use: the test set (results) or the validation set
 *     (choices)
 * @param checkpointEvery write a checkpoint every this many steps (0 = only at the end)
 * @param keepCheckpoints how many checkpoints to keep
 * @param rolloutWorkers rollout workers (Ray actors)
 * @param rayAddress null for Ray's LOCAL mode, or the address of a Ray cluster
 * @param rayConnectTimeoutSeconds how long connecting to the Ray cluster at {@code rayAddress} may take, in seconds,
 *     before the run fails naming the address
 * @param threads intra-op threads per engine
 * @param pipeline how steps follow each other: {@link Pipeline#SYNC}, or {@link Pipeline#ONE_STEP_OFF} (the next
 *     step's rollouts generated while the learner updates, from weights one update old)
 * @param onRewardError {@code stop} (the run stops, naming the prompt) or {@code skip} (the sample scores 0 and
 *     is counted in {@code reward_errors})
 * @param modelDir a Hugging Face model directory to start from instead of {@code preset}'s seeded weights (null:
 *     the preset)
 * @param reward the reward, {@code name[:key=value,...]} (default {@code math-answer})
 * @param behavior overrides the preset's behavior policy when not null, e.g. {@code random-skip:fraction=0.25}
 * @param advantage overrides the preset's advantage estimator when not null, e.g. {@code rloo}
 * @param learnerBackend the learner backend by name; null: the best available (highest rank)
 * @param rolloutBackend the rollout backend by name; null: the best available (highest rank)
 * @param scalarWriters the metrics writers by name (such as {@code tensorboard}); null: every available one
 * @param plugins plug-in jars, or directories of jars, whose providers the run may use
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
    EvalSplit evalSplit,
    int checkpointEvery,
    int keepCheckpoints,
    int rolloutWorkers,
    String rayAddress,
    int rayConnectTimeoutSeconds,
    int threads,
    Pipeline pipeline,
    String onRewardError,
    String modelDir,
    String reward,
    String behavior,
    String advantage,
    String learnerBackend,
    String rolloutBackend,
    List<String> scalarWriters,
    List<String> plugins) {

  /**
   * @throws InvalidInputException listing every problem of the values, each naming its field
   */
  public TrainConfig {
    Seq<String> problems = new Builder().name(name).seed(seed).preset(preset).algorithm(algorithm)
        .correction(correction).skipFraction(skipFraction).steps(steps).promptsPerStep(promptsPerStep)
        .samplesPerPrompt(samplesPerPrompt).maxNewTokens(maxNewTokens).temperature(temperature)
        .learningRate(learningRate).microBatch(microBatch).updatesPerBatch(updatesPerBatch)
        .maxDifficulty(maxDifficulty).sftSteps(sftSteps).sftBatch(sftBatch).sftLearningRate(sftLearningRate)
        .evalProblems(evalProblems).evalEvery(evalEvery).evalSplit(evalSplit).checkpointEvery(checkpointEvery)
        .keepCheckpoints(keepCheckpoints).rolloutWorkers(rolloutWorkers).rayAddress(rayAddress)
        .rayConnectTimeoutSeconds(rayConnectTimeoutSeconds).threads(threads).pipeline(pipeline)
        .onRewardError(onRewardError).modelDir(modelDir).reward(reward).behavior(behavior).advantage(advantage)
        .learnerBackend(learnerBackend).rolloutBackend(rolloutBackend).scalarWriters(scalarWriters)
        .plugins(plugins).problems();
    scalarWriters = scalarWriters == null ? null : List.copyOf(scalarWriters);
    plugins = List.copyOf(plugins);
    if (!problems.isEmpty()) {
      throw new InvalidInputException(ConfigCheck.describe(problems));
    }
  }

  /**
   * The largest learning rate a config accepts, a generous bound: AdamW moves each weight by about the learning rate
   * per update whatever the gradient's scale, so a rate of 1 already moves weights of order 0.02 by fifty times their
   * size in one step (the rates that train these models are 1e-5 to 1e-3). Anything above is a mistake, and a rate
   * beyond float's range makes every weight infinite.
   */
  public static final double MAX_LEARNING_RATE = 1.0;

  /** The longest run name: a run directory's name under {@code --runs}. */
  public static final int MAX_NAME_LENGTH = 100;

  /**
   * A run name is a plain directory name, never a path: it starts with a letter or digit (so not {@code .},
   * {@code ..} or a hidden name such as the warm-up cache's) and continues with letters, digits, {@code .},
   * {@code _} and {@code -}.
   */
  static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME_LENGTH - 1) + "}";

  /** Whether {@code name} is a plain directory name that a run (or compare's output folder) may have. */
  public static boolean isValidName(String name) {
    return name != null && name.matches(NAME_PATTERN);
  }

  /** A learning rate out of range, if it is: finite, at most the bound, and above 0 when {@code positive}. */
  private static Seq<String> rateProblems(String field, double value, boolean positive) {
    if (!((positive ? value > 0 : value >= 0) && value <= MAX_LEARNING_RATE)) {
      return Vector.of(String.format("%s must be a finite number in %s0, %s] (MAX_LEARNING_RATE), got %s", field,
          positive ? "(" : "[", MAX_LEARNING_RATE, value));
    }
    return Vector.empty();
  }

  /** The default of {@code ray_connect_timeout_s}. */
  public static final int DEFAULT_RAY_CONNECT_TIMEOUT_SECONDS = 60;

  /** The largest {@code ray_connect_timeout_s}: an hour. */
  public static final int MAX_RAY_CONNECT_TIMEOUT_SECONDS = 3600;

  /** The most rollout workers of a run on a Ray cluster ({@code ray_address} set). */
  public static final int MAX_ROLLOUT_WORKERS = 256;

  /**
   * The most rollout workers per core of a run in Ray's LOCAL mode. LOCAL mode runs one actor call at a time, so
   * beyond a few workers each one adds only memory (a copy of the weights and an ONNX Runtime session).
   */
  public static final int LOCAL_ROLLOUT_WORKERS_PER_CORE = 2;

  /**
   * The most rollout workers of a run in Ray's LOCAL mode on this machine: {@link #LOCAL_ROLLOUT_WORKERS_PER_CORE}
   * per available core, at least 2.
   */
  public static int maxLocalRolloutWorkers() {
    return Math.max(2, LOCAL_ROLLOUT_WORKERS_PER_CORE * Runtime.getRuntime().availableProcessors());
  }

  private static Seq<String> count(String field, int value, boolean zeroAllowed) {
    if (value < 0 || (!zeroAllowed && value == 0)) {
      return Vector.of(String.format("%s must be %s, got %d", field, zeroAllowed ? ">= 0" : "> 0", value));
    }
    return Vector.empty();
  }

  /** A builder holding the defaults (the demo's settings). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (ConfigFields.Field f : ConfigFields.ALL) {
      f.set(b, f.get(this));
    }
    return b;
  }

  /** The demo's settings: Nested-ReFT on {@code tiny}/{@code arith}, a few minutes on two cores. */
  public static TrainConfig demo() {
    return builder().build();
  }

  /**
   * Collects a config's values; starts from the defaults. {@link #build()} checks them all at once. Field by field
   * the setters mirror the record's components.
   */
  public static final class Builder {
    String name = "demo";
    long seed = 7;
    String preset = "tiny";
    String algorithm = "nested-reft";
    String correction;
    Double skipFraction;
    int steps = 60;
    int promptsPerStep = 16;
    int samplesPerPrompt = 8;
    int maxNewTokens = 24;
    double temperature = 1.0;
    double learningRate = 1e-4;
    int microBatch = 32;
    int updatesPerBatch = 1;
    int maxDifficulty = 1;
    int sftSteps = 800;
    int sftBatch = 32;
    double sftLearningRate = 1e-3;
    int evalProblems = 200;
    int evalEvery = 0;
    /** Kept as spelled, so that a misspelling is reported with the others by {@link #problems()}. */
    String evalSplit = EvalSplit.TEST.configName();
    int checkpointEvery = 10;
    int keepCheckpoints = 2;
    int rolloutWorkers = 1;
    String rayAddress;
    int rayConnectTimeoutSeconds = DEFAULT_RAY_CONNECT_TIMEOUT_SECONDS;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Kept as spelled, so that a misspelling is reported with the others by {@link #problems()}. */
    String pipeline = Pipeline.SYNC.configName();
    String onRewardError = "stop";
    String modelDir;
    String reward = "math-answer";
    String behavior;
    String advantage;
    String learnerBackend;
    String rolloutBackend;
    List<String> scalarWriters;
    List<String> plugins = List.of();

    private Builder() {}

    public Builder name(String v) { name = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder preset(String v) { preset = v; return this; }
    public Builder algorithm(String v) { algorithm = v; return this; }
    public Builder correction(String v) { correction = v; return this; }
    public Builder skipFraction(Double v) { skipFraction = v; return this; }
    public Builder steps(int v) { steps = v; return this; }
    public Builder promptsPerStep(int v) { promptsPerStep = v; return this; }
    public Builder samplesPerPrompt(int v) { samplesPerPrompt = v; return this; }
    public Builder maxNewTokens(int v) { maxNewTokens = v; return this; }
    public Builder temperature(double v) { temperature = v; return this; }
    public Builder learningRate(double v) { learningRate = v; return this; }
    public Builder microBatch(int v) { microBatch = v; return this; }
    public Builder updatesPerBatch(int v) { updatesPerBatch = v; return this; }
    public Builder maxDifficulty(int v) { maxDifficulty = v; return this; }
    public Builder sftSteps(int v) { sftSteps = v; return this; }
    public Builder sftBatch(int v) { sftBatch = v; return this; }
    public Builder sftLearningRate(double v) { sftLearningRate = v; return this; }
    public Builder evalProblems(int v) { evalProblems = v; return this; }
    public Builder evalEvery(int v) { evalEvery = v; return this; }
    public Builder evalSplit(EvalSplit v) { evalSplit = v == null ? null : v.configName(); return this; }
    /** The split as configs spell it ({@code test}, {@code validation}); {@link #build()} refuses another. */
    public Builder evalSplitName(String v) { evalSplit = v; return this; }
    public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
    public Builder keepCheckpoints(int v) { keepCheckpoints = v; return this; }
    public Builder rolloutWorkers(int v) { rolloutWorkers = v; return this; }
    public Builder rayAddress(String v) { rayAddress = v; return this; }
    public Builder rayConnectTimeoutSeconds(int v) { rayConnectTimeoutSeconds = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder pipeline(Pipeline v) { pipeline = v == null ? null : v.configName(); return this; }
    /** The pipeline as configs spell it ({@code sync}, {@code one-step-off}); {@link #build()} refuses another. */
    public Builder pipelineName(String v) { pipeline = v; return this; }
    public Builder onRewardError(String v) { onRewardError = v; return this; }
    public Builder modelDir(String v) { modelDir = v; return this; }
    public Builder reward(String v) { reward = v; return this; }
    public Builder behavior(String v) { behavior = v; return this; }
    public Builder advantage(String v) { advantage = v; return this; }
    public Builder learnerBackend(String v) { learnerBackend = v; return this; }
    public Builder rolloutBackend(String v) { rolloutBackend = v; return this; }
    public Builder scalarWriters(List<String> v) { scalarWriters = v; return this; }
    public Builder plugins(List<String> v) { plugins = v; return this; }

    /**
       * Every problem of these values, each naming its field, in field order (not of the names they refer to: see
       * {@link ConfigCheck}).
       */
    public Seq<String> problems() {
      Seq<String> problems = Vector.<String>empty();
      if (!isValidName(name)) {
        problems = problems.append(String.format("name must be a plain directory name: a letter or digit, then "
            + "letters, digits, '.', '_' or '-', at most %d characters (not '.', '..' or a path), got '%s'",
            MAX_NAME_LENGTH, name));
      }
      if (preset == null && modelDir == null) {
        problems = problems.append("preset must be given when model_dir is not");
      }
      if (algorithm == null) {
        problems = problems.append("algorithm must be given");
      }
      if (skipFraction != null && !(skipFraction >= 0 && skipFraction < 1)) {
        problems = problems.append(String.format("skip_fraction must be in [0, 1), got %s", skipFraction));
      }
      if (skipFraction != null && behavior != null) {
        problems = problems.append("give either behavior (with its parameters) or its shorthand skip_fraction, not "
            + "both");
      }
      if (reward == null || reward.isBlank()) {
        problems = problems.append("reward must be given, e.g. math-answer");
      }
      if (plugins == null) {
        problems = problems.append("plugins must be a list (empty: none)");
      }
      problems = problems
          .appendAll(count("steps", steps, true))
          .appendAll(count("prompts_per_step", promptsPerStep, false))
          .appendAll(count("samples_per_prompt", samplesPerPrompt, false))
          .appendAll(count("max_new_tokens", maxNewTokens, false));
      if (!(temperature > 0 && Double.isFinite(temperature))) {
        problems = problems.append(String.format("temperature must be > 0 for RL and finite, got %s", temperature));
      }
      problems = problems.appendAll(rateProblems("learning_rate", learningRate, true));
      problems = problems
          .appendAll(count("micro_batch", microBatch, false))
          .appendAll(count("updates_per_batch", updatesPerBatch, false))
          .appendAll(count("max_difficulty", maxDifficulty, false))
          .appendAll(count("sft_steps", sftSteps, true))
          .appendAll(count("sft_batch", sftBatch, false));
      problems = problems.appendAll(rateProblems("sft_learning_rate", sftLearningRate, sftSteps > 0));
      problems = problems
          .appendAll(count("eval_problems", evalProblems, false))
          .appendAll(count("eval_every", evalEvery, true));
      if (EvalSplit.byName(evalSplit).isEmpty()) {
        problems = problems.append(String.format("eval_split must be %s, got '%s'", EvalSplit.choices(), evalSplit));
      }
      problems = problems
          .appendAll(count("checkpoint_every", checkpointEvery, true))
          .appendAll(count("keep_checkpoints", keepCheckpoints, false))
          .appendAll(count("rollout_workers", rolloutWorkers, false));
      boolean local = rayAddress == null || rayAddress.isBlank();
      int maxWorkers = local ? maxLocalRolloutWorkers() : MAX_ROLLOUT_WORKERS;
      if (rolloutWorkers > maxWorkers) {
        problems = problems.append(local
            ? String.format("rollout_workers must be <= %d in Ray's LOCAL mode (no ray_address): %d per core of "
                + "the %d here, as LOCAL mode runs one actor call at a time and every worker holds a copy of the "
                + "weights; got %d", maxWorkers, LOCAL_ROLLOUT_WORKERS_PER_CORE,
                Runtime.getRuntime().availableProcessors(), rolloutWorkers)
            : String.format("rollout_workers must be <= %d, got %d", maxWorkers, rolloutWorkers));
      }
      if (rayConnectTimeoutSeconds < 1 || rayConnectTimeoutSeconds > MAX_RAY_CONNECT_TIMEOUT_SECONDS) {
        problems = problems.append(String.format("ray_connect_timeout_s must be in [1, %d] seconds, got %d",
            MAX_RAY_CONNECT_TIMEOUT_SECONDS, rayConnectTimeoutSeconds));
      }
      problems = problems.appendAll(count("threads", threads, false));
      if (Pipeline.byName(pipeline).isEmpty()) {
        problems = problems.append(String.format("pipeline must be %s, got '%s'", Pipeline.choices(), pipeline));
      }
      if (!"stop".equals(onRewardError) && !"skip".equals(onRewardError)) {
        problems = problems.append(
            String.format("on_reward_error must be 'stop' or 'skip', got '%s'", onRewardError));
      }
      return problems;
    }

    /**
     * The config.
     *
     * @throws InvalidInputException listing every problem, each naming its field
     */
    public TrainConfig build() {
      Seq<String> problems = problems(); // first, so that a misspelt eval_split is reported as spelled
      if (!problems.isEmpty()) {
        throw new InvalidInputException(ConfigCheck.describe(problems));
      }
      return new TrainConfig(name, seed, preset, algorithm, correction, skipFraction, steps, promptsPerStep,
          samplesPerPrompt, maxNewTokens, temperature, learningRate, microBatch, updatesPerBatch, maxDifficulty,
          sftSteps, sftBatch, sftLearningRate, evalProblems, evalEvery, EvalSplit.fromName(evalSplit),
          checkpointEvery, keepCheckpoints, rolloutWorkers, rayAddress, rayConnectTimeoutSeconds, threads,
          Pipeline.byName(pipeline).orElseThrow(), onRewardError, modelDir, reward, behavior, advantage,
          learnerBackend, rolloutBackend, scalarWriters, plugins);
    }
  }
}
