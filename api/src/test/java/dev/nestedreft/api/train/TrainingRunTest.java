package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on Ray LOCAL mode with a small config: files of a run, and exact resumption. */
class TrainingRunTest {
  @TempDir Path runs;

  static TrainConfig small(String name, int steps) {
    return TrainConfigReader.fromTree(new ObjectMapper().valueToTree(Map.ofEntries(
        Map.entry("name", name), Map.entry("steps", steps), Map.entry("prompts_per_step", 4),
        Map.entry("samples_per_prompt", 2), Map.entry("max_new_tokens", 8), Map.entry("sft_steps", 3),
        Map.entry("sft_batch", 4), Map.entry("eval_problems", 4), Map.entry("checkpoint_every", 3),
        Map.entry("keep_checkpoints", 2), Map.entry("threads", 1), Map.entry("micro_batch", 8),
        Map.entry("learning_rate", 1e-3))), "test", TrainConfig.demo());
  }

  private TrainingRun.Environment environment(TrainConfig config) {
    return BuiltInTask.environment(config, runs);
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void aResumedRunLogsExactlyWhatAnUninterruptedRunLogs() throws IOException {
    TrainConfig six = small("whole", 6);
    TrainResult whole = TrainingRun.run(six, environment(six), false, new AtomicBoolean(),
        new TrainingRun.Listener() {});
    assertThat(whole.steps()).isEqualTo(6);
    Path dir = runs.resolve("whole");
    assertThat(dir.resolve("config.json")).exists();
    // The config a run writes is one `train --config` reads back, field for field.
    assertThat(TrainConfigReader.read(dir.resolve("config.json"), Algorithms.discover(), Backends.discover()))
        .isEqualTo(six);
    assertThat(Checkpoints.readState(dir.resolve("checkpoints/step-000006")).config())
        .isEqualTo(((ObjectNode) new ObjectMapper()
            .readTree(dir.resolve("config.json").toFile())).without(ConfigFields.PROVENANCE));
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    for (String field : List.of("accuracy_before", "accuracy_after", "rollout_tokens_per_s", "learner_tokens_per_s",
        "wall_s", "steps")) {
      assertThat(summary.has(field)).as(field).isTrue();
    }
    assertThat(new Checkpoints(dir.resolve("checkpoints"), 2).list()).extracting(p -> p.getFileName().toString())
        .containsExactly("step-000003", "step-000006");
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // Temporary files are owner-only; what is renamed into place must be readable by other tools and users.
      Path checkpoint = dir.resolve("checkpoints/step-000006");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(checkpoint))).isEqualTo("rwxr-xr-x");
      for (String file : List.of("checkpoints/step-000006/model.safetensors", "checkpoints/step-000006/state.json",
          "config.json", "summary.json")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)))).as(file)
            .isEqualTo("rw-r--r--");
      }
    }

    TrainConfig three = small("split", 3);
    TrainingRun.run(three, environment(three), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    TrainConfig resumed = small("split", 6);
    assertThatThrownBy(() -> TrainingRun.run(resumed, environment(resumed), false, new AtomicBoolean(),
        new TrainingRun.Listener() {})).isInstanceOf(NestedReftException.class).hasMessageContaining("--resume");
    TrainResult rest = TrainingRun.run(resumed, environment(resumed), true, new AtomicBoolean(),
        new TrainingRun.Listener() {});
    assertThat(rest.steps()).isEqualTo(6);

    List<JsonNode> a = deterministic(dir.resolve("metrics.jsonl"));
    List<JsonNode> b = deterministic(runs.resolve("split").resolve("metrics.jsonl"));
    assertThat(a).hasSize(6);
    assertThat(b).isEqualTo(a);
  }

  /** A library caller gets the context check before any work too, not only the command line. */
  @Test
  void aRunWhosePromptsAndAnswersCannotFitTheContextIsRefusedBeforeAnyWork() {
    TrainConfig tooLong = small("too-long", 2).toBuilder().maxNewTokens(505).build();
    assertThatThrownBy(() -> TrainingRun.run(tooLong, environment(tooLong), false, new AtomicBoolean(),
        new TrainingRun.Listener() {})).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("max_new_tokens 505 + the longest prompt of")
        .hasMessageContaining("max_position_embeddings is 512");
    assertThat(runs.resolve("too-long")).doesNotExist();
  }

  /**
   * A behavior policy that learns from each step's feedback ({@code adaptive}) saves its state in every checkpoint;
   * a resumed run restores it and draws, logs and learns exactly as the uninterrupted run.
   */
  @Tag("native")
  @Tag("slow")
  @Test
  void aResumedRunOfALearningBehaviorPolicyDrawsExactlyTheSamePlans() throws IOException {
    TrainConfig whole = small("adaptive-whole", 6).toBuilder().behavior("adaptive:fraction=0.25").build();
    TrainingRun.run(whole, environment(whole), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    TrainConfig first = small("adaptive-split", 3).toBuilder().behavior("adaptive:fraction=0.25").build();
    TrainingRun.run(first, environment(first), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    String afterThree = Checkpoints.readState(runs.resolve("adaptive-split/checkpoints/step-000003"))
        .behaviorState();
    assertThat(afterThree).as("the adaptive policy's state after 3 steps").contains("\"observations\"");
    TrainConfig rest = small("adaptive-split", 6).toBuilder().behavior("adaptive:fraction=0.25").build();
    TrainingRun.run(rest, environment(rest), true, new AtomicBoolean(), new TrainingRun.Listener() {});

    List<JsonNode> a = deterministic(runs.resolve("adaptive-whole/metrics.jsonl"));
    assertThat(a).hasSize(6).allSatisfy(line -> {
      assertThat(line.path("plan_policy").asText()).isEqualTo("adaptive");
      assertThat(line.path("plan_cost").isNumber()).as("plan_cost in %s", line).isTrue();
      assertThat(line.path("plan_skipped")).hasSize(2);
    });
    assertThat(deterministic(runs.resolve("adaptive-split/metrics.jsonl"))).isEqualTo(a);
    assertThat(Checkpoints.readState(runs.resolve("adaptive-split/checkpoints/step-000006")).behaviorState())
        .isEqualTo(Checkpoints.readState(runs.resolve("adaptive-whole/checkpoints/step-000006")).behaviorState())
        .isNotEqualTo(afterThree);
  }

  /**
   * {@code probed} without a probe file: the run probes the starting model once, writes {@code probe.json}, and
   * draws among the cheap layers; a resumed run takes the costs from its checkpoint and does not probe again.
   */
  @Tag("native")
  @Tag("slow")
  @Test
  void aProbedRunProbesItsLayersOnceAndLogsTheCostOfEachPlan() throws IOException {
    TrainConfig first = small("probed", 2).toBuilder().behavior("probed:fraction=0.25").build();
    TrainingRun.run(first, environment(first), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    Path probe = runs.resolve("probed/probe.json");
    LayerCosts costs = LayerCostsJson.read(probe);
    assertThat(costs.numLayers()).isEqualTo(8);
    assertThat(costs.layers()).hasSize(8);
    FileTime probedAt = Files.getLastModifiedTime(probe);
    TrainConfig rest = small("probed", 3).toBuilder().behavior("probed:fraction=0.25").build();
    List<String> phases = new ArrayList<>();
    TrainingRun.run(rest, environment(rest), true, new AtomicBoolean(), new TrainingRun.Listener() {
      @Override
      public void phase(String description) {
        phases.add(description);
      }
    });
    assertThat(phases).noneMatch(p -> p.contains("probing"));
    assertThat(Files.getLastModifiedTime(probe)).isEqualTo(probedAt);
    List<JsonNode> lines = deterministic(runs.resolve("probed/metrics.jsonl"));
    assertThat(lines).hasSize(3).allSatisfy(line -> {
      double expected = 0;
      for (JsonNode layer : line.path("plan_skipped")) {
        expected += costs.of(layer.asInt()).kl();
      }
      assertThat(line.path("plan_cost").asDouble()).as("plan_cost of %s", line).isCloseTo(expected,
          within(1e-12));
    });
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void anInProcessRunLogsExactlyWhatARayRunLogs() throws IOException {
    TrainConfig onRay = small("on-ray", 3);
    TrainingRun.run(onRay, environment(onRay), false, new AtomicBoolean(), new TrainingRun.Listener() {});
    TrainConfig inProcess = small("in-process", 3);
    TrainingRun.run(inProcess, environment(inProcess)
            .withPlacement(() -> new LocalPlacement(Backends.discover(), Algorithms.discover())), false,
        new AtomicBoolean(), new TrainingRun.Listener() {});
    List<JsonNode> ray = deterministic(runs.resolve("on-ray").resolve("metrics.jsonl"));
    assertThat(ray).hasSize(3);
    assertThat(deterministic(runs.resolve("in-process").resolve("metrics.jsonl"))).isEqualTo(ray);
  }

  @Test
  void badConfigsNameTheField() {
    ObjectMapper json = new ObjectMapper();
    assertThatThrownBy(() -> TrainConfigReader.fromTree(json.valueToTree(Map.of("stpes", 3)), "c.yaml",
        TrainConfig.demo())).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("c.yaml: unknown field 'stpes'; known fields: ");
    assertThatThrownBy(() -> TrainConfigReader.fromTree(json.valueToTree(Map.of("steps", "ten")), "c.yaml",
        TrainConfig.demo())).hasMessageContaining("c.yaml: field 'steps' must be an integer");
    assertThatThrownBy(() -> TrainConfigReader.fromTree(json.valueToTree(Map.of("temperature", 0)), "c.yaml",
        TrainConfig.demo())).hasMessageContaining("c.yaml: temperature must be > 0");
    assertThatThrownBy(() -> TrainConfigReader.fromTree(json.valueToTree(Map.of("eval_split", "dev")), "c.yaml",
        TrainConfig.demo())).hasMessageContaining("c.yaml: eval_split must be 'test' or 'validation', got 'dev'");
    assertThat(TrainConfigReader.fromTree(json.valueToTree(Map.of("eval_split", "validation")), "c.yaml",
        TrainConfig.demo()).evalSplit()).isEqualTo(EvalSplit.VALIDATION);
    assertThatThrownBy(() -> TrainConfigReader.fromTree(json.valueToTree(Map.of("pipeline", "async")), "c.yaml",
        TrainConfig.demo())).hasMessageContaining("c.yaml: pipeline must be 'sync' or 'one-step-off', got 'async'");
    assertThat(TrainConfigReader.fromTree(json.valueToTree(Map.of("pipeline", "one-step-off")), "c.yaml",
        TrainConfig.demo()).pipeline()).isEqualTo(Pipeline.ONE_STEP_OFF);
  }

  @Test
  void everyMistakeOfAConfigIsReportedAtOnceBeforeAnyWork() {
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> fields = Map.of("steps", -1, "temperature", 0, "correction", "tis:cap=2",
        "algorithm", "nested-reft");
    assertThatThrownBy(() -> TrainConfigReader.fromTree(json.valueToTree(fields), "c.yaml", TrainConfig.demo(),
        Algorithms.discover(), Backends.discover()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("c.yaml: 3 problems:")
        .hasMessageContaining("steps must be >= 0, got -1")
        .hasMessageContaining("temperature must be > 0")
        .hasMessageContaining("correction: correction 'tis': unknown parameter 'cap'");
    // A run given a config with a name that is not installed stops before the warm-up and writes nothing.
    TrainConfig bad = TrainConfig.builder().name("bad").algorithm("no-such-preset").correction("bogus").build();
    assertThatThrownBy(() -> TrainingRun.run(bad, environment(bad), false, new AtomicBoolean(),
        new TrainingRun.Listener() {}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("2 problems:")
        .hasMessageContaining("algorithm: unknown algorithm preset 'no-such-preset'")
        .hasMessageContaining("correction: unknown correction 'bogus'");
    assertThat(runs.resolve("bad")).doesNotExist();
    assertThat(runs.resolve(".sft-cache")).doesNotExist();
  }

  @Test
  void theBuilderHoldsTheDefaultsAndEveryFieldRoundTripsThroughItsTree() {
    TrainConfig demo = TrainConfig.demo();
    assertThat(demo.steps()).isEqualTo(60);
    assertThat(demo.algorithm()).isEqualTo("nested-reft");
    TrainConfig changed = demo.toBuilder().correction("tis:c=3").skipFraction(0.5).rayAddress("10.0.0.1:6379")
        .modelDir("m").seed(11).evalSplit(EvalSplit.VALIDATION).pipeline(Pipeline.ONE_STEP_OFF).build();
    assertThat(TrainConfigReader.fromTree(ConfigFields.toTree(changed), "tree", TrainConfig.demo()))
        .isEqualTo(changed);
    assertThat(ConfigFields.toTree(changed).fieldNames()).toIterable().hasSize(37);
    assertThat(ConfigFields.toTree(changed).get("eval_split").asText()).isEqualTo("validation");
    assertThat(ConfigFields.toTree(changed).get("pipeline").asText()).isEqualTo("one-step-off");
    assertThat(demo.evalSplit()).isEqualTo(EvalSplit.TEST);
    assertThat(demo.pipeline()).isEqualTo(Pipeline.SYNC);
    TrainConfig parts = demo.toBuilder().reward("format:marker=answer-is").behavior("block:k=2").advantage("rloo")
        .learnerBackend("tf").rolloutBackend("onnx").scalarWriters(List.of()).plugins(List.of("a.jar", "dir"))
        .build();
    assertThat(TrainConfigReader.fromTree(ConfigFields.toTree(parts), "tree", TrainConfig.demo())).isEqualTo(parts);
    assertThatThrownBy(() -> demo.toBuilder().skipFraction(0.5).behavior("block:k=1").build())
        .hasMessageContaining("give either behavior (with its parameters) or its shorthand skip_fraction");
  }

  /** The metrics without timing fields, one node per step. */
  private static List<JsonNode> deterministic(Path file) throws IOException {
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
