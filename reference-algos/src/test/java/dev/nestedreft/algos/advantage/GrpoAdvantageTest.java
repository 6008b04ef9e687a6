package dev.nestedreft.algos.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.AdvantageEstimator;
import org.junit.jupiter.api.Test;

class GrpoAdvantageTest {
  @Test
  void groupNormalised() {
    // Group 7, rewards (1, 0, 0): mean 1/3; deviations (2/3, −1/3, −1/3);
    //   population variance ((4 + 1 + 1)/9)/3 = 2/9, std = √2/3 = 0.4714045.
    //   A = (2/3)/(√2/3 + 1e-6) = 1.4142106 and (−1/3)/(√2/3 + 1e-6) = −0.7071053.
    // Group 9, rewards (2, 4): mean 3, deviations (−1, +1), std 1: A = ∓1/(1 + 1e-6) = ∓0.999999.
    // Group 4, one sample: 0.
    AdvantageEstimator grpo = Batches.create(new GrpoAdvantageFactory(), "");
    double high = (2.0 / 3) / (Math.sqrt(2) / 3 + 1e-6);
    double low = (-1.0 / 3) / (Math.sqrt(2) / 3 + 1e-6);
    double one = 1 / (1 + 1e-6);
    assertThat(grpo.advantages(Batches.GROUPS, Batches.REWARDS)).containsExactly(
        new float[] {(float) high, (float) -one, (float) low, 0f, (float) one, (float) low}, within(1e-6f));
    assertThat((float) high).isCloseTo(1.4142106f, within(1e-6f));
    assertThat(grpo.name()).isEqualTo("grpo");
  }

  @Test
  void epsilonIsAParameter() {
    // eps = 0.5: group 9 → ∓1/1.5 = ∓0.6666667; group 7 → (2/3)/(0.4714045 + 0.5) = 0.6862915.
    float[] a = Batches.create(new GrpoAdvantageFactory(), "eps=0.5").advantages(Batches.GROUPS, Batches.REWARDS);
    assertThat(a[1]).isCloseTo(-0.6666667f, within(1e-6f));
    assertThat(a[4]).isCloseTo(0.6666667f, within(1e-6f));
    assertThat(a[0]).isCloseTo(0.6862915f, within(1e-6f));
  }

  @Test
  void equalRewardsGiveZero() {
    float[] a = Batches.create(new GrpoAdvantageFactory(), "").advantages(new long[] {1, 1, 1},
        new double[] {1, 1, 1});
    assertThat(a).containsExactly(0f, 0f, 0f);
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> Batches.create(new GrpoAdvantageFactory(), "eps=0"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("advantage 'grpo': parameter 'eps' must be > 0, got '0'");
    assertThatThrownBy(() -> Batches.create(new GrpoAdvantageFactory(), "std=false"))
        .hasMessageContaining("unknown parameter 'std'");
    AdvantageEstimator grpo = Batches.create(new GrpoAdvantageFactory(), "");
    assertThatThrownBy(() -> grpo.advantages(new long[] {1, 1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("advantage 'grpo': 2 group ids for 1 rewards");
    assertThatThrownBy(() -> grpo.advantages(new long[] {1, 1}, new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("advantage 'grpo': the reward of sequence 1 is NaN");
  }
}
