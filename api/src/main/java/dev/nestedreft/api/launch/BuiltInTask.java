package dev.nestedreft.api.launch;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.ray.RayPlacement;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainingRun;
import java.nio.file.Path;

/**
 * The environment of the built-in task: the character tokenizer, {@code arith} problems, the backends and
 * algorithms on the class path, and the learner and rollout workers as Ray actors (LOCAL mode unless the config
 * names a cluster).
 */
public final class BuiltInTask {
  private BuiltInTask() {}

  /** Everything a {@link TrainingRun} of {@code config} on {@code arith} needs, writing under {@code runsRoot}. */
  public static TrainingRun.Environment environment(TrainConfig config, Path runsRoot) {
    return new TrainingRun.Environment(runsRoot, Backends.discover(), Algorithms.discover(),
        new ArithTrainingTask(config.seed(), config.maxDifficulty()), new CharTokenizer(),
        RayPlacement.factory(config.rayAddress()));
  }
}
