package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.api.ray.RayPlacement;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import dev.nestedreft.tck.support.WeightChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code one-step-off} pipeline end to end (small runs, Ray LOCAL mode unless said): exact resume with the
 * pending batch in the checkpoint, the correction against the stale batch's behavior log-probs, and the same run on
 * every placement.
 */
class OneStepOffTest extends ArrowLeakCheck {
  @TempDir Path runs;

  private static TrainConfig small(String name, int steps) {
    return TrainingRunTest.small(name, steps).toBuilder().pipeline(Pipeline.ONE_STEP_OFF).build();
  }

  private void train(TrainConfig config, boolean resume) {
    TrainingRun.run(config, BuiltInTask.environment(config, runs), resume, new AtomicBoolean(),
        new TrainingRun.Listener() {});
  }

  /**
   * 7 steps against 5 steps plus 2 resumed, with {@code adaptive}, whose plan for step {@code t+1} is drawn before
   * the feedback of step {@code t}: the same metrics (timing aside), weights, behavior state and pending batch. The
   * checkpoint after step 5 holds the batch for step 6, generated from the weights after step 4 (which differ from
   * those after step 5: this small run's first updates with a nonzero gradient are steps 4 and 5).
   */
  @Tag("native")
  @Tag("slow")
  @Test
  void aResumedRunContinuesExactlyLikeAnUninterruptedOne() throws IOException {
    String behavior = "adaptive:fraction=0.25";
    TrainConfig whole = small("whole", 7).toBuilder().behavior(behavior).checkpointEvery(5).build();
    train(whole, false);
    train(small("split", 5).toBuilder().behavior(behavior).checkpointEvery(5).build(), false);
    Path five = runs.resolve("split/checkpoints/step-000005");
    PendingBatch pending = Checkpoints.readState(five).pending();
    assertThat(pending).as("the batch for step 6 in the checkpoint after step 5").isNotNull();
    assertThat(pending.step()).isEqualTo(5);
    assertThat(pending.dataPosition()).isEqualTo(20);
    assertThat(pending.policyVersion()).isEqualTo(4);
    assertThat(five.resolve(Checkpoints.PENDING_ROLLOUTS)).exists();
    train(small("split", 7).toBuilder().behavior(behavior).checkpointEvery(5).build(), true);

    List<JsonNode> a = deterministic(runs.resolve("whole/metrics.jsonl"));
    assertThat(a).hasSize(7);
    for (int i = 0; i < 7; i++) {
      assertThat(a.get(i).path("staleness").asLong()).as("staleness of step %d", i + 1).isEqualTo(i == 0 ? 0 : 1);
      assertThat(a.get(i).path("behavior_version").asLong()).isEqualTo(Math.max(0, i - 1));
      assertThat(a.get(i).path("plan_policy").asText()).isEqualTo("adaptive");
    }
    assertThat(a.get(3).path("grad_norm").asDouble()).as("step 4 updates the weights").isPositive();
    assertThat(a.get(4).path("grad_norm").asDouble()).as("step 5 updates the weights").isPositive();
    assertThat(deterministic(runs.resolve("split/metrics.jsonl"))).isEqualTo(a);
    Path wholeLast = runs.resolve("whole/checkpoints/step-000007");
    Path splitLast = runs.resolve("split/checkpoints/step-000007");
    try (WeightSet x = SafetensorsReader.read(wholeLast.resolve(ModelDirectory.WEIGHTS), allocator);
        WeightSet y = SafetensorsReader.read(splitLast.resolve(ModelDirectory.WEIGHTS), allocator)) {
      WeightChecks.assertBitIdentical(y, x);
    }
    assertThat(Checkpoints.readState(splitLast).behaviorState())
        .isEqualTo(Checkpoints.readState(wholeLast).behaviorState());
    // The finished run's checkpoint holds the batch for step 8, so it can be extended exactly too.
    assertSameRows(splitLast, wholeLast);
    assertThat(Checkpoints.readState(splitLast).pending().draw())
        .isEqualTo(Checkpoints.readState(wholeLast).pending().draw());
  }

  /**
   * With the full plan ({@code reft}, no correction), the behavior is the target itself, so every ratio of a
   * {@code sync} run is 1 but for the backends' rounding. In {@code one-step-off} the first step is the same as
   * {@code sync}'s (its batch comes from the weights it updates), and every later ratio measures the staleness
   * alone: the learner's current weights against the batch's behavior log-probs, recorded one update earlier.
   * Recomputed from the checkpoints: the batch for step 3 is what the weights after step 1 give, and step 3's logged
   * mean ratio is {@code exp(log π_{w_2} − log q_{w_1})} averaged over its tokens.
   */
  @Tag("native")
  @Tag("slow")
  @Test
  void theCorrectionDividesTheCurrentTargetByTheStaleBatchsBehaviorLogprobs() throws IOException {
    TrainConfig sync = TrainingRunTest.small("sync", 3).toBuilder().algorithm("reft").build();
    train(sync, false);
    TrainConfig off = small("off", 3).toBuilder().algorithm("reft").checkpointEvery(1).keepCheckpoints(4).build();
    train(off, false);
    List<JsonNode> syncLines = deterministic(runs.resolve("sync/metrics.jsonl"));
    List<JsonNode> offLines = deterministic(runs.resolve("off/metrics.jsonl"));
    for (JsonNode line : syncLines) {
      assertThat(line.path("plan_skipped")).isEmpty();
      assertRatiosNearOne(line, 1e-4);
    }
    ObjectNode firstOff = ((ObjectNode) offLines.get(0).deepCopy()).without(List.of("behavior_version",
        "staleness"));
    assertThat(firstOff).as("the first one-step-off step is the sync step").isEqualTo(syncLines.get(0));
    for (JsonNode line : offLines.subList(1, 3)) {
      assertThat(line.path("staleness").asLong()).isEqualTo(1);
      double off1 = Math.max(line.path("ratio_max").asDouble() - 1, 1 - line.path("ratio_min").asDouble());
      assertThat(off1).as("how far the stale ratios of %s are from 1", line).isGreaterThan(1e-2);
    }

    Path one = runs.resolve("off/checkpoints/step-000001");
    Path two = runs.resolve("off/checkpoints/step-000002");
    PendingBatch pending = Checkpoints.readState(two).pending();
    assertThat(pending.step()).isEqualTo(2);
    assertThat(pending.policyVersion()).isEqualTo(1);
    try (RolloutBatch batch = Checkpoints.readPendingRows(two, allocator, 128)) {
      List<TrainSequence> sequences = new ArrayList<>();
      for (int row = 0; row < batch.rowCount(); row++) {
        sequences.add(new TrainSequence(batch.promptTokens(row), batch.completionTokens(row)));
        assertThat(batch.policyVersion(row)).isEqualTo(1);
      }
      List<float[]> generatedBy = targetLogprobs(one, sequences);
      List<float[]> current = targetLogprobs(two, sequences);
      double ratioSum = 0;
      long tokens = 0;
      double stale = 0;
      for (int row = 0; row < batch.rowCount(); row++) {
        float[] behavior = batch.behaviorLogprobs(row);
        for (int t = 0; t < behavior.length; t++) {
          assertThat((double) generatedBy.get(row)[t]).as("row %d token %d under w_1", row, t)
              .isCloseTo(behavior[t], within(2e-4));
          stale = Math.max(stale, Math.abs(current.get(row)[t] - behavior[t]));
          ratioSum += Math.exp((double) current.get(row)[t] - behavior[t]);
          tokens++;
        }
      }
      assertThat(stale).as("log-prob change of one update").isGreaterThan(1e-2);
      assertThat(offLines.get(2).path("ratio_mean").asDouble()).isCloseTo(ratioSum / tokens, within(1e-5));
    }
  }

  /**
   * The same one-step-off run on Ray LOCAL mode (the default: rollouts in this JVM beside the learner actor), on Ray
   * LOCAL mode with rollout worker actors (whose calls wait for the learner's, ray#61827), and in-process without
   * Ray: the same metrics, timing aside.
   */
  @Tag("native")
  @Tag("slow")
  @Test
  void everyPlacementGivesTheSameRun() throws IOException {
    TrainConfig local = small("ray-local", 3);
    train(local, false);
    TrainConfig actors = small("ray-actors", 3);
    TrainingRun.run(actors, BuiltInTask.environment(actors, runs).withPlacement(() -> actorsOnly(
        RayPlacement.start(null))), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    TrainConfig inProcess = small("in-process", 3);
    TrainingRun.run(inProcess, BuiltInTask.environment(inProcess, runs).withPlacement(() -> new LocalPlacement(
        Backends.discover(), Algorithms.discover())), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    List<JsonNode> expected = deterministic(runs.resolve("ray-local/metrics.jsonl"));
    assertThat(expected).hasSize(3);
    assertThat(deterministic(runs.resolve("ray-actors/metrics.jsonl"))).isEqualTo(expected);
    assertThat(deterministic(runs.resolve("in-process/metrics.jsonl"))).isEqualTo(expected);
  }

  /** {@code ray} without its LOCAL-mode override: the one-step-off pipeline then gets rollout worker actors. */
  private static Placement actorsOnly(Placement ray) {
    return new Placement() {
      @Override
      public LearnerService learner(LearnerSetup setup, WeightSet initial) {
        return ray.learner(setup, initial);
      }

      @Override
      public RolloutWorkers rolloutWorkers(WorkerSetup setup, int count) {
        return ray.rolloutWorkers(setup, count);
      }

      @Override
      public String describe() {
        return ray.describe() + ", rollout worker actors";
      }

      @Override
      public void close() {
        ray.close();
      }
    };
  }

  private static void assertRatiosNearOne(JsonNode line, double tolerance) {
    for (String field : List.of("ratio_mean", "ratio_min", "ratio_max")) {
      assertThat(line.path(field).asDouble()).as("%s of %s", field, line).isCloseTo(1.0, within(tolerance));
    }
  }

  /** The full model's log-probs of {@code sequences} at temperature 1 with the weights of {@code checkpoint}. */
  private List<float[]> targetLogprobs(Path checkpoint, List<TrainSequence> sequences) {
    try (LoadedModel model = ModelDirectory.read(checkpoint, allocator);
        LearnerBackend learner = Backends.discover().openLearner("tf", model.spec(), model.weights(),
            LearnerConfig.DEFAULT, BackendOptions.DEFAULT.withIntraOpThreads(1))) {
      return learner.completionLogprobs(sequences, 1.0);
    }
  }

  private void assertSameRows(Path actual, Path expected) {
    try (RolloutBatch a = Checkpoints.readPendingRows(actual, allocator, 128);
        RolloutBatch b = Checkpoints.readPendingRows(expected, allocator, 128)) {
      assertThat(a.rowCount()).isEqualTo(b.rowCount());
      for (int row = 0; row < a.rowCount(); row++) {
        assertThat(a.promptId(row)).isEqualTo(b.promptId(row));
        assertThat(a.sampleIndex(row)).isEqualTo(b.sampleIndex(row));
        assertThat(a.promptTokens(row)).isEqualTo(b.promptTokens(row));
        assertThat(a.completionTokens(row)).isEqualTo(b.completionTokens(row));
        assertThat(a.behaviorLogprobs(row)).isEqualTo(b.behaviorLogprobs(row));
        assertThat(a.layerPlan(row)).isEqualTo(b.layerPlan(row));
        assertThat(a.policyVersion(row)).isEqualTo(b.policyVersion(row));
      }
    }
  }

  /** The metrics without timing fields, one node per step. */
  static List<JsonNode> deterministic(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      var node = (ObjectNode) json.readTree(line);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        if (StepReport.isTiming(it.next())) {
          it.remove();
        }
      }
      out.add(node);
    }
    return out;
  }
}
