package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import java.nio.file.Path;

/**
 * The environment of the built-in task: the character tokenizer, {@code arith} problems, and the backends and
 * algorithms on the class path. (The run itself puts the learner and the rollout workers in Ray actors.)
 */
public final class BuiltInTask {
  private BuiltInTask() {}

  /** Everything a {@link TrainingRun} of {@code config} on {@code arith} needs, writing under {@code runsRoot}. */
  public static TrainingRun.Environment environment(TrainConfig config, Path runsRoot) {
    return new TrainingRun.Environment(runsRoot, Backends.discover(), Algorithms.discover(),
        new ArithTrainingTask(config.seed(), config.maxDifficulty()), new CharTokenizer());
  }
}
