package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.OptimizerStateFile;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.api.ray.RayLearner;
import dev.nestedreft.api.ray.RayRolloutWorkers;
import dev.nestedreft.api.ray.RayRuntime;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.metrics.ScalarWriter;
import dev.nestedreft.spi.metrics.ScalarWriterProvider;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.text.Tokenizer;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A whole run under {@code runs/<name>/}: the supervised warm-up (cached under {@code runs/.sft-cache/}), the
 * learner, the rollout workers, the evaluation before and after, the RL loop with its metrics log and checkpoints,
 * and {@code summary.json}. With {@code resume}, the run continues from its newest checkpoint exactly.
 */
public final class TrainingRun {
  /** What the caller sees while the run goes. */
  public interface Listener {
    default void phase(String description) {}

    default void sftStep(long step, long total) {}

    default void step(StepMetrics metrics, long total) {}
  }

  /** Everything the run needs from outside: where to write, the components on the class path, the task. */
  public record Environment(Path runsRoot, Backends backends, Algorithms algorithms, Task task, Tokenizer tokenizer) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingRun() {}

  public static TrainResult run(TrainConfig config, Environment env, boolean resume, AtomicBoolean interrupted,
      Listener listener) {
    long started = System.nanoTime();
    Path runDir = env.runsRoot().resolve(config.name());
    ModelSpec spec = config.modelDir() == null ? ModelPresets.get(config.preset())
        : HfConfig.read(Path.of(config.modelDir()).resolve(ModelDirectory.CONFIG));
    if (spec.vocabSize() < env.tokenizer().vocabSize()) {
      throw NestedReftException.of("the model's vocab_size %d is smaller than the %s tokenizer's %d ids",
          spec.vocabSize(), env.tokenizer().name(), env.tokenizer().vocabSize());
    }
    BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(config.threads());
    RewardFn reward = env.algorithms().reward("math-answer", Params.none("reward 'math-answer'"));
    Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoints"), config.keepCheckpoints());
    Optional<Path> from = resume ? checkpoints.latest() : Optional.empty();
    if (!resume && checkpoints.latest().isPresent()) {
      throw NestedReftException.of("%s already has checkpoints; pass --resume to continue it, or choose another "
          + "--name", runDir);
    }
    writeConfig(runDir, config);
    try (BufferAllocator allocator = new RootAllocator()) {
      try (WeightSet start = startingWeights(config, spec, env, options, allocator, listener);
          RayRuntime ray = RayRuntime.start(RayRuntime.Config.forAddress(config.rayAddress()));
          LearnerService learner = RayLearner.create(ray, "tf", spec, start, config.learningRate(),
              config.microBatch(), config.threads());
          RolloutWorkers workers = new RayRolloutWorkers(ray, "onnx", spec, config.rolloutWorkers(),
              config.threads())) {
        long step = 0;
        long dataPosition = 0;
        Double accuracyBefore = null;
        if (from.isPresent()) {
          listener.phase("resuming from " + from.get());
          Checkpoints.State state = Checkpoints.readState(from.get());
          try (LoadedModel model = ModelDirectory.read(from.get(), allocator)) {
            learner.loadWeights(model.weights());
          }
          Path optimizer = from.get().resolve(Checkpoints.OPTIMIZER);
          try (WeightSet moments = SafetensorsReader.read(optimizer, allocator)) {
            learner.restoreOptimizerState(moments, OptimizerStateFile.step(optimizer));
          }
          step = state.step();
          dataPosition = state.dataPosition();
          accuracyBefore = readSummaryField(runDir, "accuracy_before");
        }
        Trainer trainer = new Trainer(config, spec, env.task(), env.tokenizer(), learner, workers, env.algorithms(),
            reward, allocator);
        if (accuracyBefore == null) {
          listener.phase("evaluating the starting model on " + config.evalProblems() + " test problems");
          accuracyBefore = trainer.evaluate(config.evalProblems(), 1).accuracy();
          writeSummary(runDir, Map.of("accuracy_before", accuracyBefore));
        }
        listener.phase(String.format("training %s for %d steps (accuracy before: %.3f)", config.algorithm(),
            config.steps(), accuracyBefore));
        double rolloutTokens = 0;
        double rolloutSeconds = 0;
        double learnerTokensPerSecondSum = 0;
        long measured = 0;
        long skipped = 0;
        int consecutiveSkips = 0;
        try (MetricsLog log = MetricsLog.open(runDir.resolve("metrics.jsonl"), step);
            ScalarWriter events = env.backends().scalarWriters().find("tensorboard")
                .filter(ScalarWriterProvider::isAvailable).map(p -> p.open(runDir.resolve("tensorboard")))
                .orElse(null)) {
          while (step < config.steps() && !interrupted.get()) {
            StepMetrics m;
            try {
              m = trainer.step(step, dataPosition);
            } catch (RuntimeException e) {
              if (interrupted.get()) {
                break; // shutting down mid-step (e.g. Ray went first): checkpoint the last completed step below
              }
              throw e;
            }
            step++;
            dataPosition += config.promptsPerStep();
            if (config.evalEvery() > 0 && step % config.evalEvery() == 0 && step < config.steps()) {
              m.put("test_accuracy", trainer.evaluate(config.evalProblems(), 1).accuracy());
            }
            log.write(m.values());
            if (events != null) {
              events.write(step, numeric(m));
            }
            listener.step(m, config.steps());
            rolloutTokens += m.number("rollout_tokens");
            rolloutSeconds += m.number("rollout_s");
            learnerTokensPerSecondSum += m.number("learner_tokens_per_s");
            measured++;
            if (Boolean.TRUE.equals(m.values().get("skipped"))) {
              skipped++;
              if (++consecutiveSkips >= Trainer.MAX_CONSECUTIVE_SKIPS) {
                save(checkpoints, step, dataPosition, config, spec, learner, trainer, allocator);
                throw NestedReftException.of("%d steps in a row had a non-finite loss or gradient (last: step %d); "
                    + "the run stops. The last good checkpoint is in %s", consecutiveSkips, step,
                    checkpoints.directory());
              }
            } else {
              consecutiveSkips = 0;
            }
            if (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
              save(checkpoints, step, dataPosition, config, spec, learner, trainer, allocator);
            }
          }
        }
        save(checkpoints, step, dataPosition, config, spec, learner, trainer, allocator);
        if (interrupted.get() && step < config.steps()) {
          listener.phase("interrupted: checkpoint written at step " + step);
          return new TrainResult(accuracyBefore, Double.NaN, rolloutTokens / Math.max(1e-9, rolloutSeconds),
              Double.NaN, Double.NaN, learnerTokensPerSecondSum / Math.max(1, measured),
              (System.nanoTime() - started) / 1e9, step, skipped);
        }
        listener.phase("evaluating the trained model");
        double accuracyAfter = trainer.evaluate(config.evalProblems(), 1).accuracy();
        listener.phase("measuring rollout tokens/s: nested behavior vs full model");
        double[] speeds = trainer.measureRolloutSpeed(trainer.behavior().draw(config.steps(), spec),
            config.promptsPerStep());
        TrainResult result = new TrainResult(accuracyBefore, accuracyAfter,
            rolloutTokens / Math.max(1e-9, rolloutSeconds), speeds[0], speeds[1],
            learnerTokensPerSecondSum / Math.max(1, measured), (System.nanoTime() - started) / 1e9, step, skipped);
        writeSummary(runDir, summary(result, config, trainer));
        return result;
      }
    }
  }

  private static Map<String, Double> numeric(StepMetrics m) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    m.values().forEach((k, v) -> {
      if (v instanceof Number n && !k.equals("step")) {
        out.put(k, n.doubleValue());
      }
    });
    return out;
  }

  private static void save(Checkpoints checkpoints, long step, long dataPosition, TrainConfig config, ModelSpec spec,
      LearnerService learner, Trainer trainer, BufferAllocator allocator) {
    checkpoints.save(new Checkpoints.State(step, dataPosition, step, config.seed(), config.toString()), spec, learner,
        trainer.provenance(step), allocator, config.modelDir() == null ? null : Path.of(config.modelDir()));
  }

  /** The warm-up's result, cached by everything it depends on; or the seeded initial weights without warm-up. */
  private static WeightSet startingWeights(TrainConfig config, ModelSpec spec, Environment env,
      BackendOptions options, BufferAllocator allocator, Listener listener) {
    WeightSet initial;
    if (config.modelDir() == null) {
      initial = WeightInitializer.initialize(spec, config.seed(), allocator);
    } else {
      listener.phase("starting from " + config.modelDir());
      try (LoadedModel model = ModelDirectory.read(Path.of(config.modelDir()), allocator)) {
        model.warnings().forEach(w -> listener.phase("warning: " + w));
        initial = model.weights().copy("starting-weights");
      }
    }
    if (config.sftSteps() == 0) {
      return initial;
    }
    String key = hash(String.join("|", NestedReft.VERSION, config.preset(), String.valueOf(config.modelDir()),
        Long.toString(config.seed()),
        env.task().name(), Integer.toString(config.maxDifficulty()), Integer.toString(config.sftSteps()),
        Integer.toString(config.sftBatch()), Double.toString(config.sftLearningRate())));
    Path cache = env.runsRoot().resolve(".sft-cache").resolve(key);
    if (Files.exists(cache.resolve(ModelDirectory.WEIGHTS))) {
      initial.close();
      listener.phase("supervised warm-up: reusing " + cache);
      try (LoadedModel model = ModelDirectory.read(cache, allocator)) {
        return model.weights().copy("sft-weights");
      }
    }
    listener.phase("supervised warm-up: " + config.sftSteps() + " steps on worked solutions (cached afterwards)");
    try (WeightSet init = initial;
        LearnerBackend sft = env.backends().openLearner("tf", spec, init,
            LearnerConfig.DEFAULT.withLearningRate(config.sftLearningRate()).withMicroBatch(config.microBatch()),
            options)) {
      SupervisedWarmup.run(sft, env.task(), env.tokenizer(), config.sftSteps(), config.sftBatch(),
          s -> listener.sftStep(s, config.sftSteps()));
      WeightSet out = sft.exportWeights(allocator);
      ModelDirectory.write(cache, spec, out, NestedReft.provenance(Map.of("seed", Long.toString(config.seed()),
          "stage", "sft", "sft_steps", Integer.toString(config.sftSteps()))));
      return out;
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeConfig(Path runDir, TrainConfig config) {
    ObjectNode node = JSON.valueToTree(config);
    node.put("nested_reft_version", NestedReft.VERSION);
    node.put("java", System.getProperty("java.version"));
    try {
      Files.createDirectories(runDir);
      AtomicFiles.writeString(runDir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsString(node) + "\n");
    } catch (java.io.IOException e) {
      throw new NestedReftException(runDir + ": cannot write config.json: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> summary(TrainResult r, TrainConfig config, Trainer trainer) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("accuracy_before", r.accuracyBefore());
    out.put("accuracy_after", r.accuracyAfter());
    out.put("rollout_tokens_per_s", r.rolloutTokensPerSecond());
    out.put("nested_rollout_tokens_per_s", r.nestedTokensPerSecond());
    out.put("full_rollout_tokens_per_s", r.fullTokensPerSecond());
    out.put("learner_tokens_per_s", r.learnerTokensPerSecond());
    out.put("wall_s", r.wallSeconds());
    out.put("steps", r.steps());
    out.put("skipped_steps", r.skippedSteps());
    out.put("algorithm", config.algorithm());
    out.put("correction", trainer.correction().name());
    out.put("behavior", trainer.behavior().name());
    out.put("seed", config.seed());
    return out;
  }

  private static void writeSummary(Path runDir, Map<String, Object> values) {
    try {
      Path file = runDir.resolve("summary.json");
      ObjectNode node = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
      values.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
      AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    } catch (java.io.IOException e) {
      throw new NestedReftException(runDir + ": cannot write summary.json: " + e.getMessage(), e);
    }
  }

  private static Double readSummaryField(Path runDir, String field) {
    Path file = runDir.resolve("summary.json");
    try {
      if (!Files.exists(file)) {
        return null;
      }
      var node = JSON.readTree(file.toFile()).get(field);
      return node == null || !node.isNumber() ? null : node.asDouble();
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
