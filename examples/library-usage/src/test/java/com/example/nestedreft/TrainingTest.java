package com.example.nestedreft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's training runs, with Ray (LOCAL mode) and without, on the README's config cut down to a few seconds:
 * two RL steps after a three-step warm-up, a handful of test problems, one thread.
 */
@Tag("native")
@Tag("slow")
class TrainingTest {
  @TempDir Path runs;

  private static TrainConfig small(String name) {
    return TrainWithRay.config().toBuilder().name(name).steps(2).promptsPerStep(4).samplesPerPrompt(2)
        .maxNewTokens(8).microBatch(8).sftSteps(3).sftBatch(4).evalProblems(4).checkpointEvery(0).threads(1)
        .build();
  }

  @Test
  void theReadmeConfigIsTheDemoWithTheIsCorrection() {
    TrainConfig config = TrainWithRay.config();

    assertThat(config.algorithm()).isEqualTo("nested-reft");
    assertThat(config.correction()).isEqualTo("is");
    assertThat(config.steps()).isEqualTo(20);
  }

  @Test
  void withRayAndWithoutTheSameRunGivesTheSameResult() {
    TrainResult ray = TrainWithRay.train(small("with-ray"), runs);
    TrainResult local = TrainWithoutRay.train(small("without-ray"), runs);

    assertThat(ray.steps()).isEqualTo(2);
    assertThat(runs.resolve("with-ray/summary.json")).exists();
    assertThat(runs.resolve("without-ray/summary.json")).exists();
    // The second run starts from the warm-up the first one cached; placements give the same rollouts and updates.
    assertThat(local.steps()).isEqualTo(ray.steps());
    assertThat(local.accuracyBefore()).isEqualTo(ray.accuracyBefore());
    assertThat(local.accuracyAfter()).isEqualTo(ray.accuracyAfter());
  }
}
