package dev.nestedreft.api.task;

import dev.nestedreft.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Generated arithmetic problems with verifiable integer answers, sized for a tiny character-level model.
 *
 * <p><b>Kinds and levels.</b> Level 1: one-digit operands (0 to 9), half single operations {@code a+b},
 * {@code a-b} or {@code a*b}, half two-step chains such as {@code 7*8+3} (the second operation {@code +} or
 * {@code -}). The chains make the held-out problems learnable: the split holds out problems, not facts, and a
 * held-out {@code 7*8} is worked as a step of training chains. Level 2: single operations with operands of at
 * most two digits, at least one of them with two. Level 3: half operands of at most three digits (at least one
 * with three), half two-step word problems such as "Tom has 12 apples, gets 5, gives away 3. How many?". For
 * {@code -} the larger operand comes first; every answer is {@code >= 0}.
 *
 * <p><b>Format.</b> Prompts read {@code "Q: 12+5=?\nA:"} (word problems: {@code "Q: <question>\nA:"}), at most
 * {@link #MAX_PROMPT_CHARS} characters; worked solutions, meant to follow the prompt, read
 * {@code " 12+5=17 #### 17"} or {@code " 7*8=56 56+3=59 #### 59"}, at most {@link #MAX_SOLUTION_CHARS}. Every
 * character is in {@link CharTokenizer}'s alphabet, and the {@code math-answer} reward scores a solution 1.0
 * against {@link Problem#reference()}.
 *
 * <p><b>Split.</b> A problem's split is a function of its canonical {@link Problem#key()} alone: a salted, fixed
 * 64-bit hash of the key, modulo 100, below the test percentage means {@link Split#TEST}. Seeds only choose which
 * problems of a split are drawn, so train and test never share a key (nor, therefore, a prompt), and {@code 3+5}
 * and {@code 5+3}, which share a key, are always on the same side.
 *
 * <p><b>Determinism.</b> {@link #stream} and {@link #sample} depend only on the split, the seed, the maximum
 * difficulty and the test percentage, with generator and hash fixed in this package rather than taken from the
 * JDK. A test sample is therefore a fixed evaluation set, and a shorter sample is a prefix of a longer one with the
 * same arguments. Instances are immutable and thread-safe.
 */
public final class ArithTask {
  public static final String NAME = "arith";
  public static final int MIN_DIFFICULTY = 1;
  public static final int MAX_DIFFICULTY = 3;
  public static final int MAX_PROMPT_CHARS = 64;
  public static final int MAX_SOLUTION_CHARS = 32;
  public static final int DEFAULT_TEST_PERCENT = 20;
  /**
   * The version of the problem generator: it changes whenever the problems drawn for a seed change, and it is part
   * of the training task's name, so a warm-up cached for other problems is never reused.
   */
  public static final int GENERATOR_VERSION = 2;

  /** Changing it reshuffles every split; it names the split rule's version. */
  private static final String SPLIT_SALT = "arith-split-v1|";
  private static final long TRAIN_STREAM = 0x6A09E667F3BCC908L;
  private static final long TEST_STREAM = 0xBB67AE8584CAA73BL;

  private final int testPercent;

  /** A task whose test split holds {@value #DEFAULT_TEST_PERCENT}% of the canonical problems. */
  public ArithTask() {
    this(DEFAULT_TEST_PERCENT);
  }

  /**
   * @param testPercent the share of canonical keys in the test split, 1 to 99
   * @throws InvalidInputException outside that range
   */
  public ArithTask(int testPercent) {
    if (testPercent < 1 || testPercent > 99) {
      throw InvalidInputException.of("arith: test percent must be in [1, 99], got %d", testPercent);
    }
    this.testPercent = testPercent;
  }

  public String name() {
    return NAME;
  }

  /** The split of every problem whose canonical key is {@code key}. */
  public Split splitOf(String key) {
    long bucket = Long.remainderUnsigned(SplitMix64.hash(SPLIT_SALT + key), 100);
    return bucket < testPercent ? Split.TEST : Split.TRAIN;
  }

  /** The split {@code problem} belongs to. */
  public Split splitOf(Problem problem) {
    return splitOf(problem.key());
  }

  /**
   * An endless stream of problems of {@code split} with difficulty at most {@code maxDifficulty}, drawn from
   * {@code seed}; problems may repeat. Ids count from 0 along the stream.
   *
   * @throws InvalidInputException for a maximum difficulty outside [1, 3]
   */
  public Stream<Problem> stream(Split split, long seed, int maxDifficulty) {
    Iterator<Problem> problems = iterator(split, seed, maxDifficulty);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(problems,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
  }

  /**
   * The first {@code n} distinct problems (by prompt) of {@link #stream}{@code (split, seed, maxDifficulty)},
   * with ids 0 to {@code n - 1}. Because repeats are skipped, a level whose pool is small (level 1 has 4,612
   * problems in all, about a fifth of them in the test split) contributes fewer than its share to a large sample.
   *
   * @throws InvalidInputException for a negative {@code n}, a maximum difficulty outside [1, 3], or when the
   *     split has too few distinct problems at these levels (such as 2,000 test problems of level 1)
   */
  public List<Problem> sample(Split split, int n, long seed, int maxDifficulty) {
    if (n < 0) {
      throw InvalidInputException.of("arith: sample size must be >= 0, got %d", n);
    }
    Iterator<Problem> problems = iterator(split, seed, maxDifficulty);
    Set<String> seen = new HashSet<>();
    List<Problem> out = new ArrayList<>(n);
    long limit = 10_000L + 100L * n;
    for (long draws = 0; out.size() < n; draws++) {
      if (draws == limit) {
        throw InvalidInputException.of("arith: found only %d distinct %s problems of difficulty <= %d in %d draws,"
            + " fewer than the %d asked for; ask for fewer or raise the maximum difficulty", out.size(),
            split.name().toLowerCase(Locale.ROOT), maxDifficulty, limit, n);
      }
      Problem p = problems.next();
      if (seen.add(p.prompt())) {
        out.add(p.withId(out.size()));
      }
    }
    return List.copyOf(out);
  }

  private Iterator<Problem> iterator(Split split, long seed, int maxDifficulty) {
    Objects.requireNonNull(split, "split");
    if (maxDifficulty < MIN_DIFFICULTY || maxDifficulty > MAX_DIFFICULTY) {
      throw InvalidInputException.of("arith: maximum difficulty must be in [%d, %d], got %d", MIN_DIFFICULTY,
          MAX_DIFFICULTY, maxDifficulty);
    }
    SplitMix64 rng = new SplitMix64(seed ^ (split == Split.TRAIN ? TRAIN_STREAM : TEST_STREAM));
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Problem next() {
        while (true) {
          Problem p = ProblemGenerator.draw(rng, maxDifficulty, next);
          if (splitOf(p) == split) {
            next++;
            return p;
          }
        }
      }
    };
  }
}
