package dev.nestedreft.api.data;

import dev.nestedreft.api.contract.HeldOut;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * A {@link Task} over loaded problems. The train stream visits the train problems epoch after epoch, each epoch
 * in its own order shuffled from the seed and the epoch number, so position {@code p} is always the same problem
 * for a seed and a resumed run continues exactly. Train problems are numbered by stream position (unique within a
 * run, as the trainer groups rollouts by id); test problems by their index in the test set, which is kept in file
 * order. A train problem whose prompt is also a test prompt is dropped (see {@link #overlapRemoved()}), so the test
 * set is disjoint from every training problem. The validation set is taken from the back of the held-out problems,
 * the last one first ({@link HeldOut}): {@code validation(m)} never meets {@code test(n)} while {@code n + m} is at
 * most {@link #testSize()}. Immutable and thread-safe.
 */
public final class JsonlTask implements Task {
  private final String name;
  private final List<TaskProblem> train;
  private final List<TaskProblem> test;
  private final long seed;
  private final int overlapRemoved;

  /**
   * A task over separate train and test problems.
   *
   * @throws InvalidInputException when the name is blank or no train problem remains
   */
  public JsonlTask(String name, List<TaskProblem> train, List<TaskProblem> test, long seed) {
    if (name == null || name.isBlank()) {
      throw InvalidInputException.of("task name must not be blank");
    }
    Set<String> testPrompts = new HashSet<>();
    test.forEach(p -> testPrompts.add(p.prompt()));
    List<TaskProblem> kept = new ArrayList<>();
    for (TaskProblem p : train) {
      if (!testPrompts.contains(p.prompt())) {
        kept.add(p);
      }
    }
    if (kept.isEmpty()) {
      throw train.isEmpty()
          ? InvalidInputException.of("task %s: no train problems", name)
          : InvalidInputException.of("task %s: all %d train problems are also test prompts", name, train.size());
    }
    this.name = name;
    this.train = List.copyOf(kept);
    this.test = List.copyOf(test);
    this.seed = seed;
    this.overlapRemoved = train.size() - kept.size();
  }

  /**
   * A task over one list split by {@link PromptHashSplit}: about {@code testPercent} percent of the prompts go to
   * the test set; both sides keep file order.
   */
  public static JsonlTask split(String name, List<TaskProblem> problems, int testPercent, long seed) {
    List<TaskProblem> train = new ArrayList<>();
    List<TaskProblem> test = new ArrayList<>();
    for (TaskProblem p : problems) {
      (PromptHashSplit.isTest(p.prompt(), testPercent) ? test : train).add(p);
    }
    return new JsonlTask(name, train, test, seed);
  }

  @Override
  public String name() {
    return name;
  }

  /** The number of train problems (one epoch of the stream). */
  public int trainSize() {
    return train.size();
  }

  /** The number of test problems. */
  public int testSize() {
    return test.size();
  }

  /** The test problems, which the test and validation sets share. */
  @Override
  public OptionalInt heldOutCount() {
    return OptionalInt.of(test.size());
  }

  /** The longest of every train and test prompt, measured one by one. */
  @Override
  public OptionalInt longestPrompt(ToIntFunction<String> length) {
    int longest = 0;
    for (List<TaskProblem> problems : List.of(train, test)) {
      for (TaskProblem p : problems) {
        longest = Math.max(longest, length.applyAsInt(p.prompt()));
      }
    }
    return OptionalInt.of(longest);
  }

  /** How many given train problems were dropped because their prompt is a test prompt. */
  public int overlapRemoved() {
    return overlapRemoved;
  }

  @Override
  public List<TaskProblem> train(long position, int count) {
    if (position < 0 || count < 0) {
      throw InvalidInputException.of("train(%d, %d): position and count must be >= 0", position, count);
    }
    int n = train.size();
    List<TaskProblem> out = new ArrayList<>(count);
    long epoch = -1;
    int[] order = null;
    for (long p = position; p < position + count; p++) {
      if (p / n != epoch) {
        epoch = p / n;
        order = order(epoch);
      }
      TaskProblem t = train.get(order[(int) (p % n)]);
      out.add(new TaskProblem(p, t.prompt(), t.reference(), t.solution()));
    }
    return out;
  }

  @Override
  public List<TaskProblem> test(int count) {
    if (count < 0) {
      throw InvalidInputException.of("test(%d): count must be >= 0", count);
    }
    List<TaskProblem> out = new ArrayList<>();
    for (int i = 0; i < Math.min(count, test.size()); i++) {
      TaskProblem t = test.get(i);
      out.add(new TaskProblem(i, t.prompt(), t.reference(), t.solution()));
    }
    return out;
  }

  @Override
  public List<TaskProblem> validation(int count) {
    List<TaskProblem> out = new ArrayList<>();
    for (TaskProblem t : HeldOut.validation(name, test, count)) {
      out.add(new TaskProblem(out.size(), t.prompt(), t.reference(), t.solution()));
    }
    return out;
  }

  /** The visiting order of epoch {@code epoch}: a Fisher-Yates shuffle seeded from the seed and the epoch. */
  int[] order(long epoch) {
    int n = train.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
