package dev.nestedreft.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JsonlTaskTest {
  private static List<TaskProblem> problems(String prefix, int n) {
    List<TaskProblem> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TaskProblem(i, prefix + " problem " + i + "?", Integer.toString(i), "#### " + i));
    }
    return out;
  }

  private static List<String> prompts(List<TaskProblem> problems) {
    return problems.stream().map(TaskProblem::prompt).toList();
  }

  @Test
  void trainOrderIsDeterministicForASeedAndDiffersForAnother() {
    List<TaskProblem> train = problems("train", 30);
    JsonlTask a = new JsonlTask("t", train, problems("test", 5), 7);
    JsonlTask b = new JsonlTask("t", train, problems("test", 5), 7);
    JsonlTask c = new JsonlTask("t", train, problems("test", 5), 8);
    assertThat(a.train(0, 30)).isEqualTo(b.train(0, 30));
    assertThat(prompts(a.train(0, 30))).isNotEqualTo(prompts(c.train(0, 30)));
    assertThat(prompts(a.train(0, 30))).isNotEqualTo(prompts(train))
        .containsExactlyInAnyOrderElementsOf(prompts(train));
  }

  @Test
  void positionsAddressTheStreamAndNumberTheProblems() {
    JsonlTask task = new JsonlTask("t", problems("train", 10), List.of(), 3);
    List<TaskProblem> whole = task.train(0, 25);
    assertThat(task.train(7, 6)).isEqualTo(whole.subList(7, 13));
    assertThat(whole).extracting(TaskProblem::id).containsExactlyElementsOf(
        LongStream.range(0, 25).boxed().toList());
    assertThat(task.train(4, 0)).isEmpty();
  }

  @Test
  void epochsCycleThroughEveryProblemEachReshuffled() {
    List<TaskProblem> train = problems("train", 12);
    JsonlTask task = new JsonlTask("t", train, List.of(), 42);
    List<String> epoch0 = prompts(task.train(0, 12));
    List<String> epoch1 = prompts(task.train(12, 12));
    List<String> epoch2 = prompts(task.train(24, 12));
    assertThat(epoch0).containsExactlyInAnyOrderElementsOf(prompts(train));
    assertThat(epoch1).containsExactlyInAnyOrderElementsOf(prompts(train));
    assertThat(epoch2).containsExactlyInAnyOrderElementsOf(prompts(train));
    assertThat(epoch1).isNotEqualTo(epoch0);
    assertThat(epoch2).isNotEqualTo(epoch1);
    TaskProblem t = task.train(13, 1).get(0);
    assertThat(t.reference()).isEqualTo(t.prompt().replaceAll("\\D", ""));
  }

  @Test
  void splitIsDisjointStableAndNearTheAskedPercentage() {
    List<TaskProblem> all = new ArrayList<>(problems("p", 1000));
    all.add(new TaskProblem(1000, "p problem 3?", "3", "#### 3"));
    JsonlTask task = JsonlTask.split("s", all, 20, 1);
    Set<String> test = new HashSet<>(prompts(task.test(Integer.MAX_VALUE)));
    Set<String> train = new HashSet<>(prompts(task.train(0, task.trainSize())));
    assertThat(train).doesNotContainAnyElementsOf(test);
    assertThat(task.trainSize() + task.testSize()).isEqualTo(1001);
    assertThat(task.testSize()).isBetween(150, 250);
    JsonlTask again = JsonlTask.split("s", all, 20, 99);
    assertThat(again.test(1000)).isEqualTo(task.test(1000));
    assertThat(PromptHashSplit.isTest("p problem 3?", 20)).isEqualTo(test.contains("p problem 3?"));
    assertThat(JsonlTask.split("s", all, 0, 1).testSize()).isZero();
    assertThatThrownBy(() -> PromptHashSplit.isTest("x", 101)).hasMessageContaining("[0, 100]");
  }

  @Test
  void testSetKeepsFileOrderAndRenumbers() {
    List<TaskProblem> test = problems("test", 8);
    JsonlTask task = new JsonlTask("t", problems("train", 4), test, 5);
    assertThat(prompts(task.test(5))).containsExactlyElementsOf(prompts(test.subList(0, 5)));
    assertThat(task.test(5)).extracting(TaskProblem::id).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(task.test(100)).hasSize(8);
    assertThat(task.test(3)).isEqualTo(task.test(3));
    List<TaskProblem> split = JsonlTask.split("s", problems("p", 200), 30, 1).test(50);
    List<Long> sourceIndex = split.stream().map(p -> Long.parseLong(p.reference())).toList();
    assertThat(sourceIndex).isSorted();
  }

  @Test
  void validationTakesTheHeldOutProblemsFromTheBackAndNeverMeetsTheTestSetOfItsSize() {
    List<TaskProblem> heldOut = problems("held", 9);
    JsonlTask task = new JsonlTask("t", problems("train", 6), heldOut, 5);
    assertThat(prompts(task.validation(3))).containsExactly("held problem 8?", "held problem 7?", "held problem 6?");
    assertThat(task.validation(3)).extracting(TaskProblem::id).containsExactly(0L, 1L, 2L);
    assertThat(task.validation(2)).isEqualTo(task.validation(4).subList(0, 2));
    assertThat(prompts(task.validation(4))).doesNotContainAnyElementsOf(prompts(task.test(4)))
        .doesNotContainAnyElementsOf(prompts(task.train(0, 6)));
    assertThat(prompts(task.validation(4))).doesNotContainAnyElementsOf(prompts(task.test(5)));
    assertThatThrownBy(() -> task.validation(5)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("t: validation(5) would share problems with test(5): the task has 9 held-out problems");
  }

  @Test
  void trainProblemsSharingATestPromptAreDroppedAndCounted() {
    List<TaskProblem> train = problems("x", 5);
    JsonlTask task = new JsonlTask("t", train, List.of(train.get(2)), 1);
    assertThat(task.overlapRemoved()).isEqualTo(1);
    assertThat(task.trainSize()).isEqualTo(4);
    assertThat(prompts(task.train(0, 40))).doesNotContain(train.get(2).prompt());
    assertThatThrownBy(() -> new JsonlTask("t", train.subList(0, 1), train, 1))
        .hasMessageContaining("all 1 train problems are also test prompts");
    assertThatThrownBy(() -> new JsonlTask("t", List.of(), train, 1)).hasMessageContaining("no train problems");
    assertThatThrownBy(() -> new JsonlTask("t", train, List.of(), 1).train(-1, 2)).hasMessageContaining(">= 0");
  }
}
