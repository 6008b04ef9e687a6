package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.OptimizerStateFile;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.probe.LayerProbe;
import dev.nestedreft.api.probe.ProbeInputs;
import dev.nestedreft.api.probe.ProbeJson;
import dev.nestedreft.api.probe.ProbeReport;
import dev.nestedreft.api.probe.ProbeSettings;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.JvmOptions;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.text.Tokenizer;
import dev.nestedreft.spi.weights.WeightSet;
import io.vavr.collection.Seq;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A whole run under {@code runs/<name>/} ({@link RunDirectory}): the config checked (every problem at once, before
 * any work), the starting weights ({@link WarmupCache}), the learner and the rollout workers from the environment's
 * {@link Placement}, the evaluation before and after, the RL loop with its metrics log and checkpoints, and
 * {@code summary.json}. The run directory is locked for the run ({@link RunLock}: one writer per run). With
 * {@code resume}, the run continues exactly from its newest checkpoint that reads back, and only with the config it
 * started with, but for a few fields ({@link RunStart}).
 */
public final class TrainingRun {
  /** What the caller sees while the run goes. */
  public interface Listener {
    default void phase(String description) {}

    default void sftStep(long step, long total) {}

    default void step(StepReport report, long total) {}
  }

  /**
   * Everything the run needs from outside: where to write, the components installed (with the plug-in jars they
   * came from, recorded in {@code config.json}), the task and its tokenizer, and where the learner and workers run.
   * Which components to use is the config's choice.
   */
  public record Environment(Path runsRoot, Backends backends, Algorithms algorithms, Task task, Tokenizer tokenizer,
      Placement.Factory placement, List<PluginJar> plugins) {
    public Environment {
      plugins = List.copyOf(plugins);
    }

    public Environment withTask(Task value) {
      return new Environment(runsRoot, backends, algorithms, value, tokenizer, placement, plugins);
    }

    public Environment withTokenizer(Tokenizer value) {
      return new Environment(runsRoot, backends, algorithms, task, value, placement, plugins);
    }

    public Environment withPlacement(Placement.Factory value) {
      return new Environment(runsRoot, backends, algorithms, task, tokenizer, value, plugins);
    }
  }

  private TrainingRun() {}

  public static TrainResult run(TrainConfig config, Environment env, boolean resume, AtomicBoolean interrupted,
      Listener listener) {
    long started = System.nanoTime();
    ConfigCheck.check(config, env.algorithms(), env.backends());
    JvmOptions.require("a training run");
    AlgorithmChoice algorithm = AlgorithmChoice.resolve(config, env.algorithms());
    RunParts parts = RunParts.of(config, env.backends());
    RewardFn reward = env.algorithms().reward(parts.reward().name(), parts.reward().toParams());
    RunDirectory run = new RunDirectory(env.runsRoot().resolve(config.name()));
    ModelSpec spec = config.modelDir() == null ? ModelPresets.get(config.preset())
        : HfConfig.read(Path.of(config.modelDir()).resolve(ModelDirectory.CONFIG));
    if (spec.vocabSize() < env.tokenizer().vocabSize()) {
      throw NestedReftException.of("the model's vocab_size %d is smaller than the %s tokenizer's %d ids",
          spec.vocabSize(), env.tokenizer().name(), env.tokenizer().vocabSize());
    }
    // max_new_tokens + the task's longest prompt within the context, eval_problems within the held-out problems:
    // checked before any work for every caller, not only the command line.
    Seq<String> contextProblems = ConfigCheck.context(config, spec, env.task(),
        text -> env.tokenizer().encodeWithBos(text).length);
    if (!contextProblems.isEmpty()) {
      throw new InvalidInputException("config: " + ConfigCheck.describe(contextProblems));
    }
    RunStart.checkExists(run, resume);
    try (RunLock lock = RunLock.acquire(run.path(), warning -> listener.phase("warning: " + warning))) {
      return runLocked(config, env, resume, interrupted, listener, started, algorithm, parts, reward, run, spec);
    }
  }

  /** The run, its directory locked. */
  private static TrainResult runLocked(TrainConfig config, Environment env, boolean resume,
      AtomicBoolean interrupted, Listener listener, long started, AlgorithmChoice algorithm, RunParts parts,
      RewardFn reward, RunDirectory run, ModelSpec spec) {
    Checkpoints checkpoints = run.checkpoints(config.keepCheckpoints());
    Optional<Path> from = RunStart.prepare(run, checkpoints, config, resume, listener);
    run.writeConfig(config, env.plugins());
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet start = WarmupCache.startingWeights(config, spec, env, parts.learnerBackend(), allocator,
            listener);
        Placement placement = env.placement().open();
        LearnerService learner = placement.learner(new LearnerSetup(parts.learnerBackend(), spec,
            config.learningRate(), config.microBatch(), config.threads(), algorithm.correction(),
            algorithm.settings()), start);
        RolloutWorkers workers = rolloutWorkers(config, placement, new WorkerSetup(parts.rolloutBackend(), spec,
            config.threads()))) {
      Trainer trainer = new Trainer(config, spec, env.task(), env.tokenizer(), learner, workers, algorithm, reward,
          allocator);
      try (OneStepOff pipeline = config.pipeline() == Pipeline.ONE_STEP_OFF
          ? new OneStepOff(trainer, config.promptsPerStep()) : null) {
        Loop loop = new Loop(config, spec, run, checkpoints, learner, trainer, pipeline, allocator, listener);
        if (from.isPresent()) {
          loop.resume(from.get());
        } else if (algorithm.behavior().needsLayerCosts()) {
          probeLayers(config, new ProbeInputs(learner, workers, spec, env.task(), env.tokenizer(), reward,
              env.algorithms(), allocator), run, algorithm.behavior(), listener);
        }
        return loop.run(env, parts, interrupted, algorithm, started);
      }
    }
  }

  /**
   * The run's rollout workers: for {@code one-step-off}, those that generate beside the learner
   * ({@link Placement#overlappingRolloutWorkers}).
   */
  private static RolloutWorkers rolloutWorkers(TrainConfig config, Placement placement, WorkerSetup setup) {
    return config.pipeline() == Pipeline.ONE_STEP_OFF
        ? placement.overlappingRolloutWorkers(setup, config.rolloutWorkers())
        : placement.rolloutWorkers(setup, config.rolloutWorkers());
  }

  /**
   * Probes what skipping each layer alone costs the starting model, for a behavior policy that asks for it
   * ({@code probed} without a {@code probe} file), writes the result to {@code probe.json} in the run, and gives it
   * to the policy. The policy keeps the costs in its state, so a resumed run does not probe again.
   */
  private static void probeLayers(TrainConfig config, ProbeInputs inputs, RunDirectory run, BehaviorPolicy behavior,
      Listener listener) {
    listener.phase("probing what skipping each layer costs, for behavior '" + behavior.name() + "'");
    ProbeSettings settings = ProbeSettings.builder().seed(config.seed()).temperature(config.temperature())
        .maxNewTokens(config.maxNewTokens()).skipFractions(List.of())
        .timedRounds(ProbeSettings.MIN_TIMED_ROUNDS).build();
    ProbeReport report = LayerProbe.run(settings, inputs, line -> {});
    AtomicFiles.writeString(run.probe(), ProbeJson.toJson(ProbeJson.toTree(report)));
    behavior.useLayerCosts(report.costs());
  }

  /** The RL loop of one run, with its position and running totals. */
  private static final class Loop {
    private final TrainConfig config;
    private final ModelSpec spec;
    private final RunDirectory run;
    private final Checkpoints checkpoints;
    private final LearnerService learner;
    private final Trainer trainer;
    /** The one-step-off pipeline; null for {@code sync}. */
    private final OneStepOff pipeline;
    private final BufferAllocator allocator;
    private final Listener listener;
    private boolean resumed;
    private long step;
    private long dataPosition;
    private double rolloutTokens;
    private double rolloutSeconds;
    private double learnerTokensPerSecondSum;
    private long measured;
    private final SkipGuard skips;

    Loop(TrainConfig config, ModelSpec spec, RunDirectory run, Checkpoints checkpoints, LearnerService learner,
        Trainer trainer, OneStepOff pipeline, BufferAllocator allocator, Listener listener) {
      this.config = config;
      this.spec = spec;
      this.run = run;
      this.checkpoints = checkpoints;
      this.learner = learner;
      this.trainer = trainer;
      this.pipeline = pipeline;
      this.allocator = allocator;
      this.listener = listener;
      this.skips = new SkipGuard(config.learningRate());
    }

    void resume(Path from) {
      listener.phase("resuming from " + from);
      Checkpoints.State state = Checkpoints.readState(from);
      try (LoadedModel model = ModelDirectory.read(from, allocator)) {
        learner.loadWeights(model.weights());
      }
      Path optimizer = from.resolve(Checkpoints.OPTIMIZER);
      try (WeightSet moments = SafetensorsReader.read(optimizer, allocator)) {
        learner.restoreOptimizerState(moments, OptimizerStateFile.step(optimizer));
      }
      trainer.behavior().restoreState(state.behaviorState());
      if (state.pending() != null && pipeline != null) {
        // The batch the interrupted run generated for this step, from weights one update older than these.
        pipeline.restore(trainer.restore(state.pending(),
            Checkpoints.readPendingRows(from, allocator, spec.vocabSize())));
      }
      step = state.step();
      dataPosition = state.dataPosition();
      resumed = true;
    }

    TrainResult run(Environment env, RunParts parts, AtomicBoolean interrupted, AlgorithmChoice algorithm,
        long started) {
      Double accuracyBefore = resumed ? run.summaryNumber("accuracy_before").orElse(null) : null;
      if (accuracyBefore == null) {
        listener.phase("evaluating the starting model on " + config.evalProblems() + " "
            + config.evalSplit().configName() + " problems");
        accuracyBefore = trainer.evaluate(config.evalProblems(), 1).accuracy();
        run.updateSummary(Map.of("accuracy_before", accuracyBefore));
      }
      listener.phase(String.format("training %s for %d steps (accuracy before: %.3f)", config.algorithm(),
          config.steps(), accuracyBefore));
      try (MetricsLog log = MetricsLog.open(run.metrics(), step);
          ScalarWriters events = ScalarWriters.open(env.backends(), parts.scalarWriters(), run.path())) {
        while (step < config.steps() && !interrupted.get()) {
          StepReport report;
          try {
            report = pipeline == null ? trainer.step(step, dataPosition) : pipeline.step(step, dataPosition);
          } catch (RuntimeException e) {
            if (interrupted.get()) {
              break; // shutting down mid-step (e.g. Ray went first): checkpoint the last completed step below
            }
            throw e;
          }
          step++;
          dataPosition += config.promptsPerStep();
          if (config.evalEvery() > 0 && step % config.evalEvery() == 0 && step < config.steps()) {
            report = report.withTestAccuracy(trainer.evaluate(config.evalProblems(), 1).accuracy());
          }
          log.write(report.toMap());
          events.write(step, report.scalars());
          listener.step(report, config.steps());
          count(report);
          if (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
            events.flush(); // a resumed run's events then continue from the checkpoint without a gap
            save();
          }
        }
      }
      save();
      if (interrupted.get() && step < config.steps()) {
        listener.phase("interrupted: checkpoint written at step " + step);
        return result(accuracyBefore, Double.NaN, new double[] {Double.NaN, Double.NaN}, started);
      }
      listener.phase("evaluating the trained model");
      double accuracyAfter = trainer.evaluate(config.evalProblems(), 1).accuracy();
      listener.phase("measuring rollout tokens/s: nested behavior vs full model");
      double[] speeds = trainer.measureRolloutSpeed(trainer.behavior().draw(config.steps(), spec),
          config.promptsPerStep());
      TrainResult result = result(accuracyBefore, accuracyAfter, speeds, started);
      run.updateSummary(summary(result, algorithm, parts));
      return result;
    }

    /** Adds a step to the running totals; stops the run after too many skipped steps in a row. */
    private void count(StepReport report) {
      rolloutTokens += report.rolloutTokens();
      rolloutSeconds += report.rolloutSeconds();
      learnerTokensPerSecondSum += report.learnerTokensPerSecond();
      measured++;
      if (skips.count(report)) {
        save();
        throw skips.diverged(checkpoints.directory());
      }
    }

    private TrainResult result(double before, double after, double[] speeds, long started) {
      return new TrainResult(before, after, rolloutTokens / Math.max(1e-9, rolloutSeconds), speeds[0], speeds[1],
          learnerTokensPerSecondSum / Math.max(1, measured), (System.nanoTime() - started) / 1e9, step,
          skips.skipped());
    }

    private void save() {
      Optional<GeneratedBatch> pending = pipeline == null ? Optional.empty() : pipeline.pending();
      checkpoints.save(new Checkpoints.State(step, dataPosition, step, config.seed(), ConfigFields.toTree(config),
          trainer.behavior().saveState(), pending.map(GeneratedBatch::describe).orElse(null)),
          spec, learner, trainer.provenance(step), allocator,
          config.modelDir() == null ? null : Path.of(config.modelDir()),
          pending.map(batch -> batch.ipcBytes(allocator)).orElse(null));
    }

    private Map<String, Object> summary(TrainResult r, AlgorithmChoice algorithm, RunParts parts) {
      Map<String, Object> out = new LinkedHashMap<>(r.toMap());
      out.put("algorithm", config.algorithm());
      out.put("correction", algorithm.correction().name());
      out.put("behavior", algorithm.behavior().name());
      out.put("advantage", algorithm.advantageName());
      out.put("reward", parts.reward().name());
      out.put("learner_backend", parts.learnerBackend());
      out.put("rollout_backend", parts.rolloutBackend());
      out.put("seed", config.seed());
      out.put("pipeline", config.pipeline().configName());
      out.put("eval_split", config.evalSplit().configName());
      return out;
    }
  }
}
