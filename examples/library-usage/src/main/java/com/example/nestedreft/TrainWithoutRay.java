package com.example.nestedreft;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** README: the same run without Ray. */
public final class TrainWithoutRay {
  private TrainWithoutRay() {}

  /** The same run of {@code config} without Ray: the learner and the rollout engine in this thread. */
  public static TrainResult train(TrainConfig config, Path runs) {
    TrainingRun.Environment env = BuiltInTask.environment(config, runs)
        .withPlacement(() -> new LocalPlacement(Backends.discover(), Algorithms.discover()));
    return TrainingRun.run(config, env, false, new AtomicBoolean(), new TrainingRun.Listener() {});
  }
}
