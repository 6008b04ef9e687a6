package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.local.LocalPlacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluating during a run ({@code eval_every}, which the demo sets for its report's accuracy curve) changes nothing
 * in its training: the same steps, plans, rewards, ratios and losses, and the same accuracy after, as a run that
 * evaluates only before and after.
 */
class PeriodicEvaluationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path runs;

  @Tag("native")
  @Tag("slow")
  @Test
  void evaluatingEveryStepLeavesTheTrainingAsItWas() throws IOException {
    TrainConfig quiet = TrainingRunTest.small("evaluated-at-the-ends", 3);
    TrainConfig evaluated = TrainingRunTest.small("evaluated-every-step", 3).toBuilder().evalEvery(1).build();
    TrainResult a = TrainingRun.run(quiet, inProcess(quiet), false, new AtomicBoolean(),
        new TrainingRun.Listener() {});
    TrainResult b = TrainingRun.run(evaluated, inProcess(evaluated), false, new AtomicBoolean(),
        new TrainingRun.Listener() {});

    List<JsonNode> withEvaluations = steps(runs.resolve(evaluated.name()));
    assertThat(withEvaluations).extracting(s -> s.has("test_accuracy")).containsExactly(true, true, false);
    assertThat(training(withEvaluations)).isEqualTo(training(steps(runs.resolve(quiet.name()))));
    assertThat(b.accuracyBefore()).isEqualTo(a.accuracyBefore());
    assertThat(b.accuracyAfter()).isEqualTo(a.accuracyAfter());
  }

  /** The run without Ray (placements train alike: PlacementParityTest), which is quicker to start. */
  private TrainingRun.Environment inProcess(TrainConfig config) {
    return BuiltInTask.environment(config, runs)
        .withPlacement(() -> new LocalPlacement(Backends.discover(), Algorithms.discover()));
  }

  private static List<JsonNode> steps(Path run) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  /** What a step trained on and did: every metric but the timings and the evaluation. */
  private static List<JsonNode> training(List<JsonNode> steps) {
    return steps.stream().map(s -> {
      ObjectNode copy = ((ObjectNode) s).deepCopy();
      copy.remove("test_accuracy");
      s.fieldNames().forEachRemaining(name -> {
        if (StepReport.isTiming(name)) {
          copy.remove(name);
        }
      });
      return (JsonNode) copy;
    }).toList();
  }
}
