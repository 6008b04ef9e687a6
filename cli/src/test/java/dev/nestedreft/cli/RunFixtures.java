package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.api.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run directories written by hand, as a finished run leaves them, for the reports' tests. */
final class RunFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The figures of {@link #finishedRun}'s summary, unrounded as a run writes them. */
  static final double NESTED = 23126.09882959137;
  static final double FULL = 19598.7281;
  static final double LEARNER = 7883.59424558505;
  static final double WALL = 192.031919156;

  private RunFixtures() {}

  /**
   * A finished run of {@code steps} steps of nested-reft (seed 7): accuracy 0.710 before and 0.780 after, evaluated
   * at steps 10 and 20 too; layers 2 and 5 of 8 skipped on even steps, 1 and 6 on odd ones; a ratio spike of 120 at
   * step 7; every part of a step timed; a TensorBoard folder.
   */
  static Path finishedRun(Path dir, int steps) {
    RunDirectory run = new RunDirectory(dir);
    run.writeConfig(TrainConfig.builder().name(dir.getFileName().toString()).steps(steps).evalEvery(10).build(),
        List.of());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("accuracy_before", 0.71);
    summary.put("accuracy_after", 0.78);
    summary.put("rollout_tokens_per_s", 15287.343696057884);
    summary.put("nested_rollout_tokens_per_s", NESTED);
    summary.put("full_rollout_tokens_per_s", FULL);
    summary.put("learner_tokens_per_s", LEARNER);
    summary.put("wall_s", WALL);
    summary.put("steps", steps);
    summary.put("skipped_steps", 0);
    summary.put("algorithm", "nested-reft");
    summary.put("correction", "seq-tis");
    summary.put("behavior", "random-skip");
    summary.put("advantage", "grpo");
    summary.put("reward", "math-answer");
    summary.put("seed", 7);
    summary.put("eval_split", "test");
    run.updateSummary(summary);
    StringBuilder lines = new StringBuilder();
    for (int step = 1; step <= steps; step++) {
      lines.append(line(step, step % 2 == 0 ? List.of(2, 5) : List.of(1, 6), 0.5 + 0.01 * step));
    }
    write(run.metrics(), lines.toString());
    try {
      Files.createDirectories(run.tensorboard());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** One step's metrics line: reward and train accuracy equal, as on arith. */
  static String line(int step, List<Integer> skipped, double reward) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("reward_mean", reward);
    m.put("train_accuracy", reward);
    m.put("plan_layers", 8 - skipped.size());
    m.put("plan_skipped", skipped);
    m.put("plan_policy", "random-skip");
    m.put("ratio_mean", 1.0 + 0.001 * step);
    m.put("ratio_min", 1e-4 * step);
    m.put("ratio_max", step == 7 ? 120.0 : 3.0 + step % 5);
    m.put("ess", 0.4);
    m.put("kl_behavior_target", skipped.contains(1) ? 0.3 : 0.1);
    m.put("clip_fraction", 0.05);
    m.put("skipped", false);
    m.put("rollout_tokens_per_s", 15000.0 + 10 * step);
    m.put("learner_tokens_per_s", 8000.0);
    m.put("rollout_s", 0.2);
    m.put("reward_s", 0.01);
    m.put("learner_s", 0.6);
    m.put("target_logprobs_s", 0.08);
    m.put("publish_s", 0.05);
    m.put("step_s", 1.0);
    if (step % 10 == 0) {
      m.put("test_accuracy", 0.7 + step / 1000.0);
    }
    try {
      return JSON.writeValueAsString(m) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
