package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.text.PromptFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormattedTaskTest {
  @Test
  void fewShotPromptsCarryTheExamplesAndKeepReferences() {
    ArithTrainingTask arith = new ArithTrainingTask(7, 1);
    List<TaskProblem> plain = arith.train(10, 3);
    List<PromptFormat.Example> examples = arith.train(0, 2).stream()
        .map(p -> new PromptFormat.Example(p.prompt(), p.solution())).toList();
    Task formatted = new FormattedTask(arith, PromptFormat.fewShot(examples, 2));
    List<TaskProblem> shown = formatted.train(10, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(shown.get(i).prompt()).startsWith(examples.get(0).question()).contains(examples.get(1).answer())
          .endsWith(plain.get(i).prompt());
      assertThat(shown.get(i).reference()).isEqualTo(plain.get(i).reference());
      assertThat(shown.get(i).id()).isEqualTo(plain.get(i).id());
    }
    assertThat(formatted.name()).startsWith(arith.name());
    assertThat(new FormattedTask(arith, PromptFormat.raw()).test(4)).isEqualTo(arith.test(4));
    assertThat(new FormattedTask(arith, PromptFormat.raw()).validation(4)).isEqualTo(arith.validation(4));
  }
}
