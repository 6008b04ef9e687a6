package com.example.nestedreft;

import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** README: training programmatically, with the same code path as {@code train}. */
public final class TrainWithRay {
  private TrainWithRay() {}

  /** The demo's settings with Nested-ReFT's importance-sampling correction, 20 steps. */
  public static TrainConfig config() {
    return TrainConfig.builder().name("from-java").algorithm("nested-reft").correction("is").steps(20).build();
  }

  /** Trains on the built-in {@code arith} task in Ray's LOCAL mode, writing {@code runs/<name>/}. */
  public static TrainResult train(TrainConfig config, Path runs) {
    TrainResult result = TrainingRun.run(config, BuiltInTask.environment(config, runs), false,
        new AtomicBoolean(), new TrainingRun.Listener() {});
    System.out.printf("accuracy %.3f -> %.3f%n", result.accuracyBefore(), result.accuracyAfter());
    return result;
  }
}
