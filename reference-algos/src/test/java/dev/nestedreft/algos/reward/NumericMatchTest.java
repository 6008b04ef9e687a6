package dev.nestedreft.algos.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NumericMatchTest {
  private static boolean matches(String answer, String reference, double tolerance) {
    return NumericMatch.matches(new BigDecimal(answer), new BigDecimal(reference), tolerance);
  }

  @Test
  void integersCompareExactlyWhateverTheTolerance() {
    assertThat(matches("1000000", "1000000.000", 1e-6)).isTrue();
    assertThat(matches("1000001", "1000000", 1e-6)).isFalse();
    assertThat(matches("101", "100", 0.5)).isFalse();
    assertThat(matches("1e3", "1000", 0)).isTrue();
    assertThat(matches("-0", "0", 0)).isTrue();
  }

  @Test
  void nonIntegersUseTheRelativeToleranceScaledByAtLeastOne() {
    // |b| = 2: the bound is 2e-6.
    assertThat(matches("2.000002", "2", 1e-6)).isTrue();
    assertThat(matches("2.0000021", "2", 1e-6)).isFalse();
    // |b| < 1: the bound is the tolerance itself.
    assertThat(matches("0.0000005", "0", 1e-6)).isTrue();
    assertThat(matches("0.0000011", "0", 1e-6)).isFalse();
    assertThat(matches("0.5000001", "0.5", 0)).isFalse();
    assertThat(matches("3.14", "3.14159", 0.01)).isTrue();
    assertThat(matches("3.14", "3.14159", 1e-6)).isFalse();
  }

  @Test
  void hugeAndTinyValuesDoNotOverflow() {
    String big = "7".repeat(300);
    assertThat(matches(big + ".5", big + ".5", 1e-6)).isTrue();
    assertThat(matches(big + ".5", big, 1e-6)).isTrue(); // 0.5 <= 1e-6 * 7.7e299
    assertThat(matches("1e9999", "1e-9999", 1e-6)).isFalse();
    assertThat(matches("1e-9999", "0.0", 1e-6)).isTrue();
  }

  @Test
  void refusesABadTolerance() {
    assertThatThrownBy(() -> matches("1", "1", -1e-9)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance");
    assertThatThrownBy(() -> matches("1", "1", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> matches("1", "1", Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
