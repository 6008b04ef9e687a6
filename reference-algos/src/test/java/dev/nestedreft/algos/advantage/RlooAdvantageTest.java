package dev.nestedreft.algos.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RlooAdvantageTest {
  @Test
  void leaveOneOutBaseline() {
    // Group 7, rewards (1, 0, 0): 1 − (0 + 0)/2 = 1; 0 − (1 + 0)/2 = −0.5; 0 − (1 + 0)/2 = −0.5.
    // Group 9, (2, 4): 2 − 4 = −2; 4 − 2 = 2. Group 4, one sample: 0.
    assertThat(Batches.create(new RlooAdvantageFactory(), "").advantages(Batches.GROUPS, Batches.REWARDS))
        .containsExactly(new float[] {1f, -2f, -0.5f, 0f, 2f, -0.5f}, within(1e-6f));
  }
}
