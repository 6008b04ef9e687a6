package dev.nestedreft.api.train;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The weights RL starts from: the preset's seeded weights or a model directory's, after the supervised warm-up. The
 * warm-up's result is cached under {@code runs/.sft-cache/<key>/}, the key a hash of everything it depends on
 * (version, model, seed, task, difficulty and the warm-up's settings), so a second run reuses it.
 */
final class WarmupCache {
  static final String DIRECTORY = ".sft-cache";

  private WarmupCache() {}

  /**
   * The starting weights, allocated from {@code allocator}; the caller owns them. The warm-up, if any, runs on
   * {@code learnerBackend}.
   */
  static WeightSet startingWeights(TrainConfig config, ModelSpec spec, TrainingRun.Environment env,
      String learnerBackend, BufferAllocator allocator, TrainingRun.Listener listener) {
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
    Path cache = env.runsRoot().resolve(DIRECTORY).resolve(key(config, env));
    if (Files.exists(cache.resolve(ModelDirectory.WEIGHTS))) {
      initial.close();
      listener.phase("supervised warm-up: reusing " + cache);
      try (LoadedModel model = ModelDirectory.read(cache, allocator)) {
        return model.weights().copy("sft-weights");
      }
    }
    listener.phase("supervised warm-up: " + config.sftSteps() + " steps on worked solutions (cached afterwards)");
    BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(config.threads());
    try (WeightSet init = initial;
        LearnerBackend sft = env.backends().openLearner(learnerBackend, spec, init,
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

  private static String key(TrainConfig config, TrainingRun.Environment env) {
    String text = String.join("|", NestedReft.VERSION, config.preset(), String.valueOf(config.modelDir()),
        Long.toString(config.seed()), env.task().name(), Integer.toString(config.maxDifficulty()),
        Integer.toString(config.sftSteps()), Integer.toString(config.sftBatch()),
        Double.toString(config.sftLearningRate()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
