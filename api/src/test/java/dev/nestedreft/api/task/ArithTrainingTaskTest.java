package dev.nestedreft.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trainer's view of arith: the train stream, the test set and the validation set, and how they relate. */
class ArithTrainingTaskTest {
  /** Level 1's held-out problems, by canonical key. */
  private static final int LEVEL_ONE_HELD_OUT = 555;

  /** A short SHA-256 of every field of every problem, in order. */
  private static String digest(List<TaskProblem> problems) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (TaskProblem p : problems) {
        md.update((p.id() + "|" + p.prompt() + "|" + p.reference() + "|" + p.solution() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> prompts(List<TaskProblem> problems) {
    Set<String> out = new HashSet<>();
    problems.forEach(p -> out.add(p.prompt()));
    return out;
  }

  /**
   * {@code test(200)} and the first 1,000 training problems, hashed with the implementation from before validation
   * sets existed (commit 4cc8d81): published figures are measured on these problems, so they must never change.
   */
  @ParameterizedTest(name = "level {0}, seed {1}")
  @CsvSource({
      "1, 1, e8995e4b70857132, ae848eae2bc9b3a7",
      "1, 2, 3197d9381d2567a5, 49df16907f6045a6",
      "1, 3, 4dbe1e87c087ef2f, 56421592820b1126",
      "1, 7, 946f7834335ddc4d, 6f7314d10d3e7975",
      "2, 7, 94d899bc71b2d3b6, ed7fb9d3ab5ed10a",
      "3, 7, aed0e65cd3900d21, 5d64a49d3454a039"})
  void theTestSetAndTheTrainStreamAreThoseOfBeforeValidationSets(int level, long seed, String test, String train) {
    ArithTrainingTask task = new ArithTrainingTask(seed, level);
    assertThat(digest(task.test(200))).isEqualTo(test);
    assertThat(digest(task.train(0, 1000))).isEqualTo(train);
    task.validation(100); // computing a validation set changes neither
    assertThat(digest(task.test(200))).isEqualTo(test);
    assertThat(digest(task.train(0, 1000))).isEqualTo(train);
  }

  @Test
  void trainTestAndValidationAreDisjoint() {
    ArithTrainingTask task = new ArithTrainingTask(7, 1);
    Set<String> train = prompts(task.train(0, 20_000));
    Set<String> test = prompts(task.test(200));
    Set<String> validation = prompts(task.validation(200));
    assertThat(test).hasSize(200);
    assertThat(validation).hasSize(200);
    assertThat(train).doesNotContainAnyElementsOf(test).doesNotContainAnyElementsOf(validation);
    assertThat(test).doesNotContainAnyElementsOf(validation);
    // At capacity: test(n) and validation(m) with n + m = every held-out problem partition them.
    Set<String> front = prompts(task.test(LEVEL_ONE_HELD_OUT - 277));
    Set<String> back = prompts(task.validation(277));
    assertThat(front).doesNotContainAnyElementsOf(back);
    assertThat(front.size() + back.size()).isEqualTo(LEVEL_ONE_HELD_OUT);
  }

  @Test
  void theHeldOutOrderIsEveryLevelOneTestKeyInTheTestSetsOrder() {
    ArithTrainingTask task = new ArithTrainingTask(3, 1);
    List<Problem> heldOut = task.heldOut();
    assertThat(heldOut).hasSize(LEVEL_ONE_HELD_OUT);
    assertThat(heldOut.stream().map(Problem::key).distinct()).hasSize(LEVEL_ONE_HELD_OUT);
    assertThat(heldOut).allMatch(p -> new ArithTask().splitOf(p) == Split.TEST);
    List<TaskProblem> test = task.test(LEVEL_ONE_HELD_OUT);
    assertThat(test).extracting(TaskProblem::prompt)
        .containsExactlyElementsOf(heldOut.stream().map(Problem::prompt).toList());
  }

  @Test
  void validationIsDeterministicNumberedAndAShorterSetIsAPrefix() {
    List<TaskProblem> validation = new ArithTrainingTask(7, 1).validation(150);
    assertThat(new ArithTrainingTask(7, 1).validation(150)).isEqualTo(validation);
    assertThat(new ArithTrainingTask(7, 1).validation(40)).isEqualTo(validation.subList(0, 40));
    assertThat(validation).extracting(TaskProblem::id)
        .containsExactlyElementsOf(LongStream.range(0, 150).boxed().toList());
    assertThat(prompts(new ArithTrainingTask(8, 1).validation(150))).isNotEqualTo(prompts(validation));
    assertThat(EvalSplit.VALIDATION.problems(new ArithTrainingTask(7, 1), 150)).isEqualTo(validation);
    assertThat(EvalSplit.TEST.problems(new ArithTrainingTask(7, 1), 150))
        .isEqualTo(new ArithTrainingTask(7, 1).test(150));
  }

  @Test
  void aValidationSetThatWouldMeetTheTestSetIsRefusedNamingBothCounts() {
    ArithTrainingTask task = new ArithTrainingTask(7, 1);
    assertThat(task.validation(LEVEL_ONE_HELD_OUT / 2)).hasSize(LEVEL_ONE_HELD_OUT / 2);
    assertThatThrownBy(() -> task.validation(300)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("arith-v2-level1: validation(300) would share problems with test(300)")
        .hasMessageContaining("555 held-out problems").hasMessageContaining("at most 277");
    assertThatThrownBy(() -> task.validation(-1)).hasMessageContaining("count must be >= 0");
  }
}
