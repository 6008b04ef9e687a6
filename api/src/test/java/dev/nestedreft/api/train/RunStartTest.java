package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.OptimizerStateFile;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.FinishReason;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a run starts in its directory: a resumed run needs a checkpoint that reads back (falling back to an older one
 * with a warning) and the config it started with, but for a few fields; stale temporary checkpoints are removed.
 * The checkpoints are written here directly (weights of {@code micro}, zero moments), so no training is needed.
 */
class RunStartTest extends ArrowLeakCheck {
  @TempDir Path runs;

  private final List<String> phases = new ArrayList<>();
  private final TrainingRun.Listener listener = new TrainingRun.Listener() {
    @Override
    public void phase(String description) {
      phases.add(description);
    }
  };

  /** Writes checkpoint {@code step} of {@code config} as {@link Checkpoints#save} lays it out. */
  private Path checkpoint(TrainConfig config, long step) throws IOException {
    ModelSpec spec = ModelPresets.get("micro");
    Path dir = runs.resolve(config.name()).resolve(RunDirectory.CHECKPOINTS).resolve(Checkpoints.name(step));
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator);
        WeightSet moments = WeightSet.create(allocator, "moments")) {
      ModelDirectory.write(dir, spec, weights, Provenance.of(Map.of()));
      for (Map.Entry<String, long[]> e : WeightNames.expected(spec).entrySet()) {
        moments.allocate("adam.m/" + e.getKey(), e.getValue());
        moments.allocate("adam.v/" + e.getKey(), e.getValue());
      }
      OptimizerStateFile.save(moments, step, dir.resolve(Checkpoints.OPTIMIZER));
    }
    ObjectMapper json = new ObjectMapper();
    Files.writeString(dir.resolve(Checkpoints.STATE), json.writeValueAsString(json.createObjectNode()
        .put("step", step).put("data_position", step * 4).put("policy_version", step).put("seed", config.seed())
        .put("behavior_state", "").set("config", ConfigFields.toTree(config))));
    return dir;
  }

  private Optional<Path> prepare(TrainConfig config, boolean resume) {
    RunDirectory run = new RunDirectory(runs.resolve(config.name()));
    return RunStart.prepare(run, run.checkpoints(config.keepCheckpoints()), config, resume, listener);
  }

  @Test
  void aResumeThatChangesTheSettingsIsRefusedNamingEachChangedField() throws IOException {
    TrainConfig started = TrainingRunTest.small("r", 3);
    checkpoint(started, 3);
    TrainConfig changed = started.toBuilder().seed(8).learningRate(2e-3).algorithm("reft").steps(6)
        .pipeline(Pipeline.ONE_STEP_OFF).build();
    assertThatThrownBy(() -> prepare(changed, true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--resume would change " + runs.resolve("r") + "'s settings: ")
        .hasMessageContaining("seed 7 -> 8")
        .hasMessageContaining("pipeline \"sync\" -> \"one-step-off\"")
        .hasMessageContaining("algorithm \"nested-reft\" -> \"reft\"")
        .hasMessageContaining("learning_rate 0.001 -> 0.002")
        .hasMessageNotContaining("steps 3")
        .hasMessageContaining("only steps, eval_every, checkpoint_every, keep_checkpoints, threads, ray_address, "
            + "ray_connect_timeout_s may change");
    // The run itself refuses before any work and leaves the run's files as they were.
    Files.writeString(runs.resolve("r/config.json"), "as written by the run\n");
    assertThatThrownBy(() -> TrainingRun.run(changed, BuiltInTask.environment(changed, runs), true,
        new AtomicBoolean(), listener)).hasMessageContaining("seed 7 -> 8");
    assertThat(runs.resolve("r/config.json")).hasContent("as written by the run");
    assertThat(runs.resolve(".sft-cache")).doesNotExist();
  }

  @Test
  void theFieldsThatMayChangeOnResumeAreAcceptedAndSaid() throws IOException {
    TrainConfig started = TrainingRunTest.small("r", 3);
    Path three = checkpoint(started, 3);
    TrainConfig longer = started.toBuilder().steps(6).threads(2).checkpointEvery(1).keepCheckpoints(4).evalEvery(2)
        .rayAddress("10.0.0.1:6379").build();
    assertThat(prepare(longer, true)).contains(three);
    assertThat(phases).containsExactly("resuming with steps 3 -> 6, eval_every 0 -> 2, checkpoint_every 3 -> 1, "
        + "keep_checkpoints 2 -> 4, ray_address null -> \"10.0.0.1:6379\", threads 1 -> 2");
    phases.clear();
    assertThat(prepare(started, true)).contains(three);
    assertThat(phases).isEmpty();
  }

  /** An old checkpoint without a config in state.json is compared with the run's config.json. */
  @Test
  void aCheckpointWithoutItsConfigIsComparedWithTheRunsConfigJson() throws IOException {
    TrainConfig started = TrainingRunTest.small("old", 3);
    Path three = checkpoint(started, 3);
    Files.writeString(three.resolve(Checkpoints.STATE), "{\"step\": 3, \"data_position\": 12}");
    new RunDirectory(runs.resolve("old")).writeConfig(started, List.of());
    assertThatThrownBy(() -> prepare(started.toBuilder().seed(9).build(), true))
        .hasMessageContaining("seed 7 -> 9");
    assertThat(prepare(started, true)).contains(three);
  }

  @Test
  void resumingARunThatDoesNotExistOrHasNoCheckpointIsAnError() throws IOException {
    TrainConfig config = TrainingRunTest.small("ghost", 3);
    assertThatThrownBy(() -> TrainingRun.run(config, BuiltInTask.environment(config, runs), true,
        new AtomicBoolean(), listener))
        .isInstanceOf(NestedReftException.class)
        .hasMessageContaining(runs.resolve("ghost") + ": no run to resume (the directory does not exist)");
    assertThat(runs.resolve("ghost")).doesNotExist();
    Files.createDirectories(runs.resolve("ghost"));
    assertThatThrownBy(() -> prepare(config, true))
        .hasMessageContaining(runs.resolve("ghost") + ": no checkpoint to resume from");
    assertThat(prepare(config, false)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"unreadable state.json", "truncated model.safetensors", "missing optimizer.safetensors",
      "tensors of another model", "state.json of another step"})
  void aCorruptNewestCheckpointFallsBackToThePreviousOneWithAWarning(String corruption) throws IOException {
    TrainConfig config = TrainingRunTest.small("c", 6);
    Path three = checkpoint(config, 3);
    Path six = checkpoint(config, 6);
    String file = switch (corruption) {
      case "unreadable state.json" -> {
        Files.writeString(six.resolve(Checkpoints.STATE), "{\"step\": 6, \"data_pos");
        yield Checkpoints.STATE;
      }
      case "truncated model.safetensors" -> {
        byte[] bytes = Files.readAllBytes(six.resolve(ModelDirectory.WEIGHTS));
        Files.write(six.resolve(ModelDirectory.WEIGHTS), Arrays.copyOf(bytes, bytes.length - 100));
        yield ModelDirectory.WEIGHTS;
      }
      case "missing optimizer.safetensors" -> {
        Files.delete(six.resolve(Checkpoints.OPTIMIZER));
        yield Checkpoints.OPTIMIZER;
      }
      case "tensors of another model" -> {
        Files.writeString(six.resolve(ModelDirectory.CONFIG), Files.readString(six.resolve(ModelDirectory.CONFIG))
            .replaceAll("\"num_hidden_layers\" : \\d+", "\"num_hidden_layers\" : 2"));
        yield ModelDirectory.WEIGHTS;
      }
      default -> {
        Files.writeString(six.resolve(Checkpoints.STATE), Files.readString(three.resolve(Checkpoints.STATE)));
        yield Checkpoints.STATE;
      }
    };
    assertThat(prepare(config, true)).contains(three);
    assertThat(phases).singleElement().asString()
        .startsWith("warning: cannot resume from " + six + ": " + six.resolve(file))
        .endsWith("; trying the checkpoint before it");

    Files.delete(three.resolve(Checkpoints.OPTIMIZER));
    assertThatThrownBy(() -> prepare(config, true))
        .hasMessageContaining(runs.resolve("c") + ": no checkpoint can be resumed from:")
        .hasMessageContaining(six.resolve(file).toString())
        .hasMessageContaining(three.resolve(Checkpoints.OPTIMIZER) + ": file not found");
  }

  /**
   * Adds to a checkpoint the batch a {@code one-step-off} run generated for its next step: {@code rows} rows of the
   * full plan, described in state.json under {@code pending}.
   */
  private void addPending(Path checkpoint, long step, int rows) throws IOException {
    ModelSpec spec = ModelPresets.get("micro");
    writePendingRows(checkpoint, step, rows);
    PendingBatch pending = new PendingBatch(step, step * 4, step - 1, new PlanDraw(spec.fullPlan(), "full", step, 7),
        new GenerationStats(rows, 2L * rows, 0, 0, 0, 0, 0, 0, 1_000_000), 2_000_000);
    ObjectMapper json = new ObjectMapper();
    ObjectNode state = (ObjectNode) json.readTree(checkpoint.resolve(Checkpoints.STATE).toFile());
    state.set("pending", pending.toJson());
    Files.writeString(checkpoint.resolve(Checkpoints.STATE), json.writeValueAsString(state));
    assertThat(Checkpoints.readState(checkpoint).pending()).isEqualTo(pending);
  }

  /** Writes {@code rows} rows of the full plan as the checkpoint's pending rows. */
  private void writePendingRows(Path checkpoint, long step, int rows) throws IOException {
    ModelSpec spec = ModelPresets.get("micro");
    List<Completion> completions = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      completions.add(new Completion(row / 2, row % 2, new int[] {1, 2, 3}, new int[] {4, 5},
          new float[] {-0.5f, -1.25f}, FinishReason.LENGTH, spec.fullPlan().layers(), step - 1));
    }
    try (RolloutBatch batch = RolloutBatch.of(allocator, completions, Map.of())) {
      Files.write(checkpoint.resolve(Checkpoints.PENDING_ROLLOUTS), batch.toIpcBytes());
    }
  }

  @Test
  void aCheckpointsPendingBatchIsResumedFromWhenItReadsBack() throws IOException {
    TrainConfig config = TrainingRunTest.small("p", 6).toBuilder().pipeline(Pipeline.ONE_STEP_OFF).build();
    Path three = checkpoint(config, 3);
    addPending(three, 3, 4);
    assertThat(prepare(config, true)).contains(three);
    assertThat(phases).isEmpty();
    try (RolloutBatch rows = Checkpoints.readPendingRows(three, allocator, ModelPresets.get("micro").vocabSize())) {
      assertThat(rows.rowCount()).isEqualTo(4);
      assertThat(rows.behaviorLogprobs(3)).containsExactly(-0.5f, -1.25f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"missing pending-rollouts.arrow", "truncated pending-rollouts.arrow",
      "pending rows of another count", "a pending batch of another step"})
  void aPendingBatchThatDoesNotReadBackSendsTheResumeToThePreviousCheckpoint(String corruption) throws IOException {
    TrainConfig config = TrainingRunTest.small("pc", 6).toBuilder().pipeline(Pipeline.ONE_STEP_OFF).build();
    Path three = checkpoint(config, 3);
    addPending(three, 3, 4);
    Path six = checkpoint(config, 6);
    addPending(six, 6, 4);
    Path rows = six.resolve(Checkpoints.PENDING_ROLLOUTS);
    String file = Checkpoints.STATE;
    switch (corruption) {
      case "missing pending-rollouts.arrow" -> {
        Files.delete(rows);
        file = Checkpoints.PENDING_ROLLOUTS;
      }
      case "truncated pending-rollouts.arrow" -> {
        byte[] bytes = Files.readAllBytes(rows);
        Files.write(rows, Arrays.copyOf(bytes, bytes.length - 40));
        file = Checkpoints.PENDING_ROLLOUTS;
      }
      case "pending rows of another count" -> {
        writePendingRows(six, 6, 2);
        file = Checkpoints.PENDING_ROLLOUTS;
      }
      default -> Files.writeString(six.resolve(Checkpoints.STATE), Files.readString(six.resolve(Checkpoints.STATE))
          .replace("\"data_position\":24,\"policy_version\":5", "\"data_position\":20,\"policy_version\":5"));
    }
    assertThat(prepare(config, true)).contains(three);
    assertThat(phases).singleElement().asString()
        .startsWith("warning: cannot resume from " + six + ": " + six.resolve(file))
        .endsWith("; trying the checkpoint before it");
  }

  @Test
  void staleTemporaryCheckpointDirectoriesAreRemovedAtStart() throws IOException {
    TrainConfig config = TrainingRunTest.small("t", 3);
    Path checkpoints = runs.resolve("t").resolve(RunDirectory.CHECKPOINTS);
    Path stale = Files.createDirectories(checkpoints.resolve(".tmp-step-000003-12345"));
    Files.writeString(stale.resolve("model.safetensors"), "half written");
    assertThat(prepare(config, false)).isEmpty();
    assertThat(stale).doesNotExist();
    assertThat(phases).containsExactly("removed " + stale + ", left by a checkpoint write that did not finish");
  }
}
