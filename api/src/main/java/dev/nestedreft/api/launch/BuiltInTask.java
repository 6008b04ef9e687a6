package dev.nestedreft.api.launch;

import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.ray.RayPlacement;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainingRun;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The environment of the built-in task: the character tokenizer, {@code arith} problems, the backends and
 * algorithms on the class path (and in the plug-ins), and the learner and rollout workers as Ray actors (LOCAL mode
 * unless the config names a cluster).
 */
public final class BuiltInTask {
  private BuiltInTask() {}

  /** Everything a {@link TrainingRun} of {@code config} on {@code arith} needs, writing under {@code runsRoot}. */
  public static TrainingRun.Environment environment(TrainConfig config, Path runsRoot) {
    if (!config.plugins().isEmpty()) {
      throw InvalidInputException.of("config '%s' names plug-ins %s: open them with PluginSet.open and pass the set "
          + "to environment(config, runsRoot, plugins), which keeps them open for the run", config.name(),
          config.plugins());
    }
    return environment(config, runsRoot, PluginSet.none());
  }

  /**
   * As {@link #environment(TrainConfig, Path)}, with the backends and algorithms of {@code plugins}; the Ray actors
   * reopen its jars. The caller keeps {@code plugins} open until the run has finished.
   */
  public static TrainingRun.Environment environment(TrainConfig config, Path runsRoot, PluginSet plugins) {
    return environment(config, runsRoot, plugins, () -> false);
  }

  /**
   * As {@link #environment(TrainConfig, Path, PluginSet)}; connecting to a Ray cluster ({@code ray_address}) takes
   * at most {@code ray_connect_timeout_s} and stops as soon as {@code interrupted} says so (the flag the caller
   * also hands {@link TrainingRun#run}).
   */
  public static TrainingRun.Environment environment(TrainConfig config, Path runsRoot, PluginSet plugins,
      BooleanSupplier interrupted) {
    return new TrainingRun.Environment(runsRoot, plugins.backends(), plugins.algorithms(),
        new ArithTrainingTask(config.seed(), config.maxDifficulty()), new CharTokenizer(),
        RayPlacement.factory(config.rayAddress(), plugins.jars(),
            Duration.ofSeconds(config.rayConnectTimeoutSeconds()), interrupted), plugins.jars());
  }
}
