package dev.nestedreft.algos.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Log-probs with chosen ratios, and assertions on weights. */
final class Fixtures {
  private Fixtures() {}

  /** Every behavior log-prob is −3 (exact in float); the target's is {@code −3 + ln ρ}, rounded to float. */
  static final float BEHAVIOR_LOGPROB = -3f;

  /**
   * The shared case, two sequences of three tokens:
   * sequence 0: ρ = (1.5, 0.4, 4.0), ρ_seq = 1.5 · 0.4 · 4 = 2.4;
   * sequence 1: ρ = (0.25, 1.1, 5.0), ρ_seq = 0.25 · 1.1 · 5 = 1.375.
   */
  static SequenceLogprobs shared() {
    return ratios(new double[] {1.5, 0.4, 4.0}, new double[] {0.25, 1.1, 5.0});
  }

  /** Sequences with the given token ratios. */
  static SequenceLogprobs ratios(double[]... rows) {
    List<float[]> target = new ArrayList<>();
    List<float[]> behavior = new ArrayList<>();
    for (double[] row : rows) {
      float[] t = new float[row.length];
      float[] b = new float[row.length];
      for (int i = 0; i < row.length; i++) {
        b[i] = BEHAVIOR_LOGPROB;
        t[i] = (float) (BEHAVIOR_LOGPROB + Math.log(row[i]));
      }
      target.add(t);
      behavior.add(b);
    }
    return SequenceLogprobs.of(target, behavior);
  }

  /** One instance of every reference correction factory, in the order of the package's documentation. */
  static final List<OffPolicyCorrectionFactory> FACTORIES = List.of(new NoCorrectionFactory(),
      new SequenceIsFactory(), new TokenIsFactory(), new TruncatedIsFactory(), new RetraceFactory(),
      new PpoClipFactory(), new SequenceTruncatedIsFactory(), new GeometricMeanClipFactory(), new RatioMaskFactory());

  static OffPolicyCorrection create(OffPolicyCorrectionFactory factory, String params) {
    return factory.create(Params.forComponent("correction", factory.name(), params));
  }

  /** The correction of {@link #FACTORIES} called {@code name}, created with {@code params}. */
  static OffPolicyCorrection create(String name, String params) {
    return create(factory(name), params);
  }

  static OffPolicyCorrectionFactory factory(String name) {
    return FACTORIES.stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no correction factory named " + name));
  }

  /** {@code shared} for {@link #shared()}, else sequences of token ratios such as {@code 2,0.25; 0.5,0.5}. */
  static SequenceLogprobs ratios(String text) {
    if (text.equals("shared")) {
      return shared();
    }
    return ratios(Arrays.stream(text.split(";")).map(Fixtures::doubles).toArray(double[][]::new));
  }

  /** Rows of floats such as {@code 1.5,0,0; 0,1.1,0}, where {@code v*n} stands for {@code n} times {@code v}. */
  static float[][] rows(String text) {
    return Arrays.stream(text.split(";")).map(Fixtures::floats).toArray(float[][]::new);
  }

  /** Comma-separated floats, {@code v*n} standing for {@code n} times {@code v}. */
  static float[] floats(String text) {
    String[] values = expand(text);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.parseFloat(values[i]);
    }
    return out;
  }

  private static double[] doubles(String text) {
    return Arrays.stream(expand(text)).mapToDouble(Double::parseDouble).toArray();
  }

  private static String[] expand(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).flatMap(v -> {
      int star = v.indexOf('*');
      return star < 0 ? Stream.of(v) : Collections.nCopies(Integer.parseInt(v.substring(star + 1)),
          v.substring(0, star)).stream();
    }).toArray(String[]::new);
  }

  /** A fraction written {@code a/b} or as a number. */
  static double fraction(String text) {
    int slash = text.indexOf('/');
    return slash < 0 ? Double.parseDouble(text)
        : Double.parseDouble(text.substring(0, slash)) / Double.parseDouble(text.substring(slash + 1));
  }

  /** Weights equal to {@code rows} within 1e-5 (float log-probs carry ~1e-7 relative error), and the fraction. */
  static void assertWeights(CorrectionWeights weights, double clippedFraction, float[]... rows) {
    assertThat(weights.weights()).hasSameSizeAs(rows);
    for (int i = 0; i < rows.length; i++) {
      assertThat(weights.weights().get(i)).as("sequence %d", i).containsExactly(rows[i], within(1e-5f));
    }
    assertThat(weights.clippedFraction()).as("clippedFraction").isCloseTo(clippedFraction, within(1e-12));
  }

  static float[] row(float... values) {
    return values;
  }
}
