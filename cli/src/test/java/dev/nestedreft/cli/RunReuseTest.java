package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.api.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReuseTest {
  @TempDir Path runs;

  private static final TrainConfig WANTED = TrainConfig.builder().name("demo-reft-s1").seed(1).algorithm("reft")
      .steps(2).evalEvery(1).build();

  private RunDirectory run(String name, TrainConfig recorded, Map<String, Object> summary) {
    RunDirectory dir = new RunDirectory(runs.resolve(name));
    dir.writeConfig(recorded, List.of()); // with a provenance object, which the decision ignores
    dir.updateSummary(summary);
    return dir;
  }

  @Test
  void aFinishedRunOfTheSameConfigIsReused() {
    RunDirectory dir = run("finished", WANTED, Map.of("accuracy_before", 0.5, "accuracy_after", 0.6));
    RunReuse.Decision d = RunReuse.decide(dir.path(), WANTED);
    assertThat(d.reuse()).as(d.reason()).isTrue();
  }

  @Test
  void anUnfinishedRunIsTrainedAgain() {
    RunDirectory dir = run("interrupted", WANTED, Map.of("accuracy_before", 0.5));
    RunReuse.Decision d = RunReuse.decide(dir.path(), WANTED);
    assertThat(d.reuse()).isFalse();
    assertThat(d.reason()).contains("not finished");
    assertThat(RunReuse.decide(runs.resolve("missing"), WANTED).reuse()).isFalse();
  }

  @Test
  void aRunOfAnotherConfigIsTrainedAgainNamingTheFields() {
    TrainConfig other = WANTED.toBuilder().steps(3).learningRate(3e-4).build();
    RunDirectory dir = run("other", other, Map.of("accuracy_before", 0.5, "accuracy_after", 0.6));
    RunReuse.Decision d = RunReuse.decide(dir.path(), WANTED);
    assertThat(d.reuse()).isFalse();
    assertThat(d.reason()).contains("its config differs: steps 3 (now 2), learning_rate 3.0E-4 (now 1.0E-4)");
    TrainConfig validation = WANTED.toBuilder().evalSplit(EvalSplit.VALIDATION).build();
    assertThat(RunReuse.decide(dir.path(), validation).reason()).contains("eval_split");
  }
}
