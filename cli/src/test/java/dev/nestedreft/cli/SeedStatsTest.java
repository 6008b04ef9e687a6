package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeedStatsTest {
  @Test
  void meanSampleSdAndTheTIntervalByHand() {
    SeedStats s = SeedStats.of(0.70, 0.80, 0.75);
    // mean 0.75; deviations -0.05, 0.05, 0: sd = sqrt(0.005 / 2) = 0.05; half-width t(2) 4.302653 · 0.05 / √3.
    assertThat(s.n()).isEqualTo(3);
    assertThat(s.mean()).isCloseTo(0.75, within(1e-12));
    assertThat(s.sd()).isCloseTo(0.05, within(1e-12));
    assertThat(s.halfWidth95()).isCloseTo(0.124207, within(1e-6));
    assertThat(s.low95()).isCloseTo(0.625793, within(1e-6));
    assertThat(s.high95()).isCloseTo(0.874207, within(1e-6));
    assertThat(s.median()).isEqualTo(0.75);
    assertThat(s.min()).isEqualTo(0.70);
    assertThat(s.max()).isEqualTo(0.80);
  }

  @Test
  void twoValuesAndAnEvenMedian() {
    SeedStats s = SeedStats.of(1.2, 1.5, Double.NaN, 1.3, 1.4);
    assertThat(s.n()).isEqualTo(4); // the NaN, a figure one run did not record, is left out
    assertThat(s.median()).isCloseTo(1.35, within(1e-12));
    SeedStats two = SeedStats.of(2, 4);
    // sd = sqrt(2), half-width = 12.706205 · sqrt(2) / sqrt(2)
    assertThat(two.halfWidth95()).isCloseTo(12.706205, within(1e-9));
  }

  @Test
  void oneSeedHasNoSpreadAndNoneHasNothing() {
    SeedStats one = SeedStats.of(0.8);
    assertThat(one.mean()).isEqualTo(0.8);
    assertThat(one.sd()).isNaN();
    assertThat(one.low95()).isNaN();
    assertThat(one.high95()).isNaN();
    SeedStats none = SeedStats.of(Double.NaN);
    assertThat(none.n()).isZero();
    assertThat(none.mean()).isNaN();
    assertThat(none.median()).isNaN();
    assertThat(none.min()).isNaN();
  }

  /** The quantiles as scipy.stats.t.ppf(0.975, df) gives them. */
  @ParameterizedTest
  @CsvSource({"1, 12.706205", "2, 4.302653", "3, 3.182446", "9, 2.262157", "30, 2.042272", "31, 2.039513",
      "40, 2.021075", "100, 1.983972", "1000, 1.962339"})
  void tQuantiles(int df, double expected) {
    assertThat(SeedStats.tCritical95(df)).isCloseTo(expected, within(1e-6));
  }
}
