package dev.nestedreft.api.contract;

import java.util.List;

/**
 * A source of problems with verifiable answers. The train stream is addressed by position, so a resumed run
 * continues with exactly the problems it would have seen; the test set is fixed.
 */
public interface Task {
  String name();

  /** {@code count} training problems starting at stream position {@code position}. */
  List<TaskProblem> train(long position, int count);

  /** The first {@code count} problems of the fixed test set (disjoint from every training problem). */
  List<TaskProblem> test(int count);
}
