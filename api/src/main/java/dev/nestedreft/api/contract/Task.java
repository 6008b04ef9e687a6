package dev.nestedreft.api.contract;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/**
 * A source of problems with verifiable answers. The train stream is addressed by position, so a resumed run
 * continues with exactly the problems it would have seen. The held-out problems, disjoint from every training
 * problem, are in a fixed order: the test set takes them from the front and the validation set from the back, so
 * choices made on validation problems are reported on test problems the choices never saw.
 *
 * <p>For both sets a shorter request is a prefix of a longer one, and problems are numbered from 0. Implementations
 * are immutable and thread-safe.
 */
public interface Task {
  String name();

  /** {@code count} training problems starting at stream position {@code position}. */
  List<TaskProblem> train(long position, int count);

  /** The first {@code count} problems of the fixed test set (disjoint from every training problem). */
  List<TaskProblem> test(int count);

  /**
   * The first {@code count} problems of the fixed validation set, for choosing hyper-parameters and policy
   * parameters: disjoint from every training problem and from {@code test(n)} whenever {@code n + count} is at
   * most the number of held-out problems, so always from {@code test(count)}, the test set of the same size.
   *
   * @throws dev.nestedreft.spi.InvalidInputException naming both counts when {@code validation(count)} would share
   *     a problem with {@code test(count)} (more than half of the held-out problems asked for), or for a negative
   *     count
   */
  List<TaskProblem> validation(int count);

  /**
   * How many held-out problems the task has, which the test and validation sets share: {@code test(n)} holds at
   * most this many and {@code validation(m)} at most half. Empty when the task cannot say; then a count is only
   * checked when the problems are drawn.
   */
  default OptionalInt heldOutCount() {
    return OptionalInt.empty();
  }

  /**
   * The longest prompt of every problem the task can give (train, test and validation), as {@code length} measures
   * a prompt text: with a tokenizer's count, the most tokens a prompt can take. The context check of a run
   * compares it with the model's context before any work. Empty when the task cannot say.
   */
  default OptionalInt longestPrompt(ToIntFunction<String> length) {
    return OptionalInt.empty();
  }
}
