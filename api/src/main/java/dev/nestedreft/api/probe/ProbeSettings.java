package dev.nestedreft.api.probe;

import dev.nestedreft.spi.InvalidInputException;
import java.util.List;

/**
 * What a layer probe measures, and how.
 *
 * @param prompts training problems probed (the task's train stream from position 0)
 * @param samples completions sampled per prompt and plan
 * @param maxNewTokens the most tokens generated per completion
 * @param temperature of sampling and of the target log-probs
 * @param seed the sampling seed, the same for every plan, and the seed of the random skip sets
 * @param skipFractions one skip-set search per fraction: {@code k = round(fraction · L)} layers
 *     ({@link dev.nestedreft.spi.model.LayerPlan#skipCount}), each in {@code [0, 1)}
 * @param beam skip sets kept at each step of the greedy search
 * @param protectEnds whether the searches (and the random sets) leave the first and last layers alone
 * @param randomSets distinct uniformly random skip sets of each searched size (as {@code random-skip} draws them),
 *     measured for comparison
 * @param timedRounds rounds of rollout timing after the warm-up, at least {@value #MIN_TIMED_ROUNDS}
 */
public record ProbeSettings(int prompts, int samples, int maxNewTokens, double temperature, long seed,
    List<Double> skipFractions, int beam, boolean protectEnds, int randomSets, int timedRounds) {
  public static final int DEFAULT_PROMPTS = 16;
  public static final int DEFAULT_SAMPLES = 4;
  /** The demo's. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 24;
  public static final double DEFAULT_TEMPERATURE = 1.0;
  public static final long DEFAULT_SEED = 7;
  /** The {@code nested-reft} preset's skip fraction. */
  public static final List<Double> DEFAULT_SKIP_FRACTIONS = List.of(0.25);
  public static final int DEFAULT_BEAM = 1;
  public static final int DEFAULT_RANDOM_SETS = 4;
  public static final int DEFAULT_TIMED_ROUNDS = 3;
  /** Fewer rounds would make the median one sample. */
  public static final int MIN_TIMED_ROUNDS = 2;

  /** @throws InvalidInputException naming the first setting out of range */
  public ProbeSettings {
    positive("prompts", prompts);
    positive("samples", samples);
    positive("max_new_tokens", maxNewTokens);
    positive("beam", beam);
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw InvalidInputException.of("layer probe: temperature must be a finite number > 0, got %s", temperature);
    }
    if (randomSets < 0) {
      throw InvalidInputException.of("layer probe: random_sets must be >= 0, got %d", randomSets);
    }
    if (timedRounds < MIN_TIMED_ROUNDS) {
      throw InvalidInputException.of("layer probe: timed_rounds must be >= %d, got %d", MIN_TIMED_ROUNDS,
          timedRounds);
    }
    skipFractions = List.copyOf(skipFractions);
    for (double f : skipFractions) {
      if (!(f >= 0 && f < 1)) {
        throw InvalidInputException.of("layer probe: skip fraction must be in [0, 1), got %s", f);
      }
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw InvalidInputException.of("layer probe: %s must be >= 1, got %d", name, value);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().prompts(prompts).samples(samples).maxNewTokens(maxNewTokens).temperature(temperature)
        .seed(seed).skipFractions(skipFractions).beam(beam).protectEnds(protectEnds).randomSets(randomSets)
        .timedRounds(timedRounds);
  }

  /** The layers the searches may skip in a {@code numLayers}-layer model. */
  public SkippableLayers skippable(int numLayers) {
    return SkippableLayers.of(numLayers, protectEnds);
  }

  /** Starts from the {@code DEFAULT_*} values; {@link #build()} checks them. */
  public static final class Builder {
    private int prompts = DEFAULT_PROMPTS;
    private int samples = DEFAULT_SAMPLES;
    private int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
    private double temperature = DEFAULT_TEMPERATURE;
    private long seed = DEFAULT_SEED;
    private List<Double> skipFractions = DEFAULT_SKIP_FRACTIONS;
    private int beam = DEFAULT_BEAM;
    private boolean protectEnds = true;
    private int randomSets = DEFAULT_RANDOM_SETS;
    private int timedRounds = DEFAULT_TIMED_ROUNDS;

    private Builder() {}

    public Builder prompts(int value) {
      prompts = value;
      return this;
    }

    public Builder samples(int value) {
      samples = value;
      return this;
    }

    public Builder maxNewTokens(int value) {
      maxNewTokens = value;
      return this;
    }

    public Builder temperature(double value) {
      temperature = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder skipFractions(List<Double> value) {
      skipFractions = value;
      return this;
    }

    public Builder beam(int value) {
      beam = value;
      return this;
    }

    public Builder protectEnds(boolean value) {
      protectEnds = value;
      return this;
    }

    public Builder randomSets(int value) {
      randomSets = value;
      return this;
    }

    public Builder timedRounds(int value) {
      timedRounds = value;
      return this;
    }

    public ProbeSettings build() {
      return new ProbeSettings(prompts, samples, maxNewTokens, temperature, seed, skipFractions, beam, protectEnds,
          randomSets, timedRounds);
    }
  }
}
