package dev.nestedreft.tck.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.tck.support.NastyText;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of a {@link RewardFn}: what the trainer relies on when it scores completions. A reward never throws
 * on model output (the trainer stops the run, naming the prompt, when one does), returns a finite score in its
 * documented range, and is a function of its input alone: deterministic, with no state carried from one call to
 * the next.
 *
 * <p>Extend it with the implementation under test and its range:
 *
 * <pre>{@code
 * class MyRewardTest extends RewardFnContract {
 *   protected RewardFn reward() { return new MyReward(); }
 *   protected double minScore() { return 0; }
 *   protected double maxScore() { return 1; }
 * }
 * }</pre>
 *
 * <p>The hostile completions are {@link NastyText#corpus}: empty text, markers without numbers, unbalanced braces,
 * huge and malformed numbers, unicode digits, lone surrogates, 100,000-character texts, and seeded random mixtures.
 * {@link #examples()} adds documented scores (a right answer scores the maximum, say). To opt out of one check,
 * override its method without {@code @Test} and say why in its javadoc.
 */
public abstract class RewardFnContract {
  /** A fresh instance of the reward under test; called more than once per test. */
  protected abstract RewardFn reward();

  /** The lowest score the reward documents. */
  protected abstract double minScore();

  /** The highest score the reward documents. */
  protected abstract double maxScore();

  /**
   * The references the hostile completions are scored against. By default: integers, a negative decimal, a GSM8K
   * solution ending in {@code #### 18}, a fraction, a 200-digit integer, and text without a number.
   */
  protected List<String> references() {
    return List.of("42", "-3.5", "Natalia sold 48/2 = 24 clips in May.\n#### 72", "\\frac{1}{2}", "0",
        "1" + "0".repeat(200), "no number here");
  }

  /** How many random texts follow the fixed hostile cases; 300 by default. */
  protected int randomTexts() {
    return 300;
  }

  /** Inputs with the score the reward documents for them; none by default. */
  protected List<Example> examples() {
    return List.of();
  }

  /**
   * An input and its documented score.
   *
   * @param input what the reward sees
   * @param score the score it must return, within 1e-9
   */
  public record Example(RewardInput input, double score) {
    /** A completion scored against a reference, with prompt id 0 and the prompt {@code "What is the answer?"}. */
    public static Example of(String completion, String reference, double score) {
      return new Example(new RewardInput(0, "What is the answer?", completion, reference), score);
    }
  }

  @Test
  void hasAName() {
    assertThat(reward().name()).isNotBlank();
  }

  @Test
  void documentsASensibleRange() {
    assertThat(minScore()).isFinite();
    assertThat(maxScore()).isFinite().isGreaterThan(minScore());
  }

  /** Every hostile completion, against the references, with hostile prompts too: no exception, in range. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void neverThrowsAndStaysInRangeOnHostileText() {
    RewardFn reward = reward();
    List<RewardInput> inputs = hostileInputs();
    for (RewardInput input : inputs) {
      double score = score(reward, input);
      assertThat(score).as("score of %s against %s", NastyText.describe(input.completion()),
          NastyText.describe(input.reference())).isFinite().isBetween(minScore(), maxScore());
    }
  }

  /**
   * A score is a function of the input alone: the same for a second instance scoring in reverse order, and for the
   * same instance asked again. (Texts over 10,000 characters are left to the range check, to keep this one quick.)
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void isDeterministicAndKeepsNoStateBetweenCalls() {
    List<RewardInput> inputs = hostileInputs().stream().filter(input -> input.completion().length() <= 10_000)
        .toList();
    RewardFn forward = reward();
    RewardFn backward = reward();
    double[] first = new double[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      first[i] = score(forward, inputs.get(i));
    }
    for (int i = inputs.size() - 1; i >= 0; i--) {
      RewardInput input = inputs.get(i);
      assertThat(score(backward, input)).as("second instance, reverse order, %s", NastyText.describe(
          input.completion())).isEqualTo(first[i]);
      assertThat(score(forward, input)).as("same instance again, %s", NastyText.describe(input.completion()))
          .isEqualTo(first[i]);
    }
  }

  @Test
  void documentedExamplesScoreAsDocumented() {
    RewardFn reward = reward();
    for (Example example : examples()) {
      assertThat(score(reward, example.input())).as("score of %s against %s",
          NastyText.describe(example.input().completion()), NastyText.describe(example.input().reference()))
          .isCloseTo(example.score(), within(1e-9));
    }
  }

  /**
   * The fixed hostile completions ({@link NastyText#fixed()}) against every one of {@link #references()}, the
   * random ones against one reference each, in turn; each with a prompt drawn from the same corpus and a prompt id
   * from the extremes of {@code long}.
   */
  private List<RewardInput> hostileInputs() {
    List<String> texts = NastyText.corpus(0x7e57, randomTexts());
    int fixed = NastyText.fixed().size();
    List<String> references = references();
    long[] ids = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE};
    SplittableRandom random = new SplittableRandom(11);
    List<RewardInput> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      List<String> against = i < fixed ? references : List.of(references.get(i % references.size()));
      for (String reference : against) {
        String prompt = texts.get(random.nextInt(texts.size()));
        out.add(new RewardInput(ids[out.size() % ids.length], prompt, texts.get(i), reference));
      }
    }
    return out;
  }

  private static double score(RewardFn reward, RewardInput input) {
    try {
      return reward.score(input);
    } catch (RuntimeException e) {
      throw new AssertionError(String.format("reward '%s' threw %s on completion %s against reference %s",
          reward.name(), e, NastyText.describe(input.completion()), NastyText.describe(input.reference())), e);
    }
  }
}
