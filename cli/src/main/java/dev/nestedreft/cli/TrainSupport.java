package dev.nestedreft.cli;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.train.LocalRolloutWorkers;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainingRun;
import java.nio.file.Path;

/** The environment of the built-in task: character tokenizer, arith problems, rollout workers. */
final class TrainSupport {
  private TrainSupport() {}

  static TrainingRun.Environment environment(TrainConfig config, Path runsRoot) {
    Backends backends = Backends.discover();
    return new TrainingRun.Environment(runsRoot, backends, Algorithms.discover(),
        new ArithTrainingTask(config.seed(), config.maxDifficulty()), new CharTokenizer(),
        (spec, cfg, allocator, options) -> new LocalRolloutWorkers(backends, "onnx", spec, cfg.rolloutWorkers(),
            allocator, options));
  }
}
