package dev.nestedreft.tck.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.weights.WeightSet;

/** Assertions on weight sets that the round-trip tests of the weight formats share. */
public final class WeightChecks {
  private WeightChecks() {}

  /**
   * {@code actual} holds {@code expected}'s tensors in the same order, with the same shapes and the same raw float
   * bits (a NaN's payload and the sign of zero included).
   */
  public static void assertBitIdentical(WeightSet actual, WeightSet expected) {
    assertThat(actual.names()).containsExactlyElementsOf(expected.names());
    for (String name : expected.names()) {
      assertThat(actual.shape(name)).as(name).isEqualTo(expected.shape(name));
      assertThat(rawBits(actual.toArray(name))).as(name).isEqualTo(rawBits(expected.toArray(name)));
    }
  }

  private static int[] rawBits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToRawIntBits(values[i]);
    }
    return out;
  }
}
