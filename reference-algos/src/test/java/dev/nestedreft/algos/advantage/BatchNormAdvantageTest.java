package dev.nestedreft.algos.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchNormAdvantageTest {
  @Test
  void normalisedOverTheWholeBatchIgnoringGroups() {
    // Rewards (1, 2, 0, 5, 4, 0): mean 12/6 = 2; deviations (−1, 0, −2, 3, 2, −2);
    // squares 1 + 0 + 4 + 9 + 4 + 4 = 22; population variance 22/6 = 11/3; std = √(11/3) = 1.9148542.
    // A = deviation / (1.9148542 + 1e-6) = deviation · 0.5222327:
    // (−0.5222327, 0, −1.0444654, 1.5666981, 1.0444654, −1.0444654).
    double std = Math.sqrt(11.0 / 3) + 1e-6;
    assertThat(Batches.create(new BatchNormAdvantageFactory(), "").advantages(Batches.GROUPS, Batches.REWARDS))
        .containsExactly(new float[] {(float) (-1 / std), 0f, (float) (-2 / std), (float) (3 / std),
            (float) (2 / std), (float) (-2 / std)}, within(1e-6f))
        .containsExactly(new float[] {-0.5222327f, 0f, -1.0444654f, 1.5666981f, 1.0444654f, -1.0444654f},
            within(1e-6f));
  }

  @Test
  void emptyAndSingleBatches() {
    assertThat(Batches.create(new BatchNormAdvantageFactory(), "").advantages(new long[0], new double[0])).isEmpty();
    assertThat(Batches.create(new BatchNormAdvantageFactory(), "").advantages(new long[] {3}, new double[] {7}))
        .containsExactly(0f);
  }

  @Test
  void epsMustBePositive() {
    assertThatThrownBy(() -> Batches.create(new BatchNormAdvantageFactory(), "eps=-1"))
        .hasMessageContaining("parameter 'eps' must be > 0");
  }
}
