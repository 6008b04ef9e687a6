package dev.nestedreft.cli;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.ray.RayRolloutWorkers;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainingRun;
import java.nio.file.Path;

/**
 * The environment of the built-in task: character tokenizer, arith problems, and rollout workers as Ray actors
 * (LOCAL mode unless the config gives a Ray address).
 */
final class TrainSupport {
  private TrainSupport() {}

  static TrainingRun.Environment environment(TrainConfig config, Path runsRoot) {
    Backends backends = Backends.discover();
    return new TrainingRun.Environment(runsRoot, backends, Algorithms.discover(),
        new ArithTrainingTask(config.seed(), config.maxDifficulty()), new CharTokenizer(),
        (spec, cfg, allocator, options) -> new RayRolloutWorkers(cfg.rayAddress(), "onnx", spec, cfg.rolloutWorkers(),
            options.intraOpThreads()));
  }
}
