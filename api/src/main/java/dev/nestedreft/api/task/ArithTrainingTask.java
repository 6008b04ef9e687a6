package dev.nestedreft.api.task;

import dev.nestedreft.api.contract.HeldOut;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.ToIntFunction;

/**
 * The {@code arith} task as the trainer uses it: the train stream addressed by position (problem ids are stream
 * positions, unique within a run), and held-out problems distinct by canonical key, in the order they first appear
 * in the seed's test stream.
 *
 * <p><b>Test and validation.</b> The test set is the front of that order (level 1 has 555 held-out problems by
 * key; the test set holds as many distinct ones as exist, up to the number asked). The validation set is its back,
 * the last problem first, over the first {@value #HELD_OUT_DRAWS} draws of the test stream: for levels 1 and 2 that
 * is every held-out problem in practice (555 and 3,662 keys; for seeds 0 to 59 the last of them first appeared by
 * draw 20,000 and 108,000), for level 3 a sample of about 53,000. Neither set changes the train stream nor the
 * other's problems: {@code test(n)} is what it was before validation sets existed, and the two are disjoint while
 * {@code n + m} is at most the held-out count ({@link HeldOut}).
 *
 * <p>The back of the order holds the problems the generator draws least often, so a validation set is not
 * distributed like the test set: at level 1, {@code test(200)} holds 31 single operations and {@code validation(200)}
 * none, only two-step chains. Use it to rank choices, not to estimate test accuracy.
 *
 * <p>Immutable and thread-safe; the held-out order is computed on the first validation request (a second or so)
 * and kept.
 */
public final class ArithTrainingTask implements Task {
  /**
   * Test-stream draws whose distinct problems make up the held-out order that validation sets are taken from; part
   * of the split's definition, so changing it changes every validation set.
   */
  public static final int HELD_OUT_DRAWS = 200_000;

  private final ArithTask task = new ArithTask();
  private final long seed;
  private final int maxDifficulty;
  private volatile List<Problem> heldOut;

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

  /**
   * {@inheritDoc}
   *
   * @throws InvalidInputException for a negative count, or one above {@link #heldOutCount()} (checked before any
   *     problem is drawn, as the draws grow with the count)
   */
  @Override
  public List<TaskProblem> test(int count) {
    if (count < 0) {
      throw InvalidInputException.of("%s: test(%d): count must be >= 0", name(), count);
    }
    long draws = 50L * count + 1000;
    if (draws > HELD_OUT_DRAWS && count > heldOut().size()) {
      throw InvalidInputException.of("%s: test(%d) asks for more problems than the %d held-out problems the task "
          + "has", name(), count, heldOut().size());
    }
    return numbered(distinct(draws, count));
  }

  /** The held-out problems within the first {@link #HELD_OUT_DRAWS} draws (a second or so the first time). */
  @Override
  public OptionalInt heldOutCount() {
    return OptionalInt.of(heldOut().size());
  }

  /** The longest of the prompts that bound every prompt of the task's levels. */
  @Override
  public OptionalInt longestPrompt(ToIntFunction<String> length) {
    return ProblemGenerator.longestPromptCandidates(maxDifficulty).stream().mapToInt(length).max();
  }

  @Override
  public List<TaskProblem> validation(int count) {
    return numbered(HeldOut.validation(name(), heldOut(), count));
  }

  /** Every held-out problem within the first {@link #HELD_OUT_DRAWS} draws, in order of first appearance. */
  List<Problem> heldOut() {
    List<Problem> pool = heldOut;
    if (pool == null) {
      pool = List.copyOf(distinct(HELD_OUT_DRAWS, Integer.MAX_VALUE));
      heldOut = pool;
    }
    return pool;
  }

  /** The first {@code count} distinct problems (by key) within the first {@code draws} of the test stream. */
  private List<Problem> distinct(long draws, int count) {
    Map<String, Problem> distinct = new LinkedHashMap<>();
    task.stream(Split.TEST, seed + 1, maxDifficulty).limit(draws)
        .forEach(p -> {
          if (distinct.size() < count) {
            distinct.putIfAbsent(p.key(), p);
          }
        });
    return new ArrayList<>(distinct.values());
  }

  private static List<TaskProblem> numbered(List<Problem> problems) {
    List<TaskProblem> out = new ArrayList<>();
    long id = 0;
    for (Problem p : problems) {
      out.add(toTask(p, id++));
    }
    return out;
  }

  private static TaskProblem toTask(Problem p, long id) {
    return new TaskProblem(id, p.prompt(), p.reference(), p.solution());
  }
}
