package dev.nestedreft.api.task;

import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code arith} task as the trainer uses it: the train stream addressed by position (problem ids are stream
 * positions, unique within a run), and a fixed test set of distinct problems (by canonical key). Level 1 has
 * about 900 test problems; the test set holds as many distinct ones as exist, up to the number asked.
 */
public final class ArithTrainingTask implements Task {
  private final ArithTask task = new ArithTask();
  private final long seed;
  private final int maxDifficulty;

  public ArithTrainingTask(long seed, int maxDifficulty) {
    this.seed = seed;
    this.maxDifficulty = maxDifficulty;
  }

  @Override
  public String name() {
    return ArithTask.NAME + "-v" + ArithTask.GENERATOR_VERSION + "-level" + maxDifficulty;
  }

  @Override
  public List<TaskProblem> train(long position, int count) {
    List<TaskProblem> out = new ArrayList<>();
    long[] index = {position};
    task.stream(Split.TRAIN, seed, maxDifficulty).skip(position).limit(count)
        .forEach(p -> out.add(toTask(p, index[0]++)));
    return out;
  }

  @Override
  public List<TaskProblem> test(int count) {
    Map<String, Problem> distinct = new LinkedHashMap<>();
    task.stream(Split.TEST, seed + 1, maxDifficulty).limit(50L * count + 1000)
        .forEach(p -> {
          if (distinct.size() < count) {
            distinct.putIfAbsent(p.key(), p);
          }
        });
    List<TaskProblem> out = new ArrayList<>();
    long id = 0;
    for (Problem p : distinct.values()) {
      out.add(toTask(p, id++));
    }
    return out;
  }

  private static TaskProblem toTask(Problem p, long id) {
    return new TaskProblem(id, p.prompt(), p.reference(), p.solution());
  }
}
