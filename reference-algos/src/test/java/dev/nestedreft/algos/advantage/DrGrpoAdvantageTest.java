package dev.nestedreft.algos.advantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DrGrpoAdvantageTest {
  @Test
  void groupCentredOnly() {
    // Group 7, rewards (1, 0, 0), mean 1/3: (2/3, −1/3, −1/3). Group 9, (2, 4), mean 3: (−1, +1).
    // Group 4, (5): 5 − 5 = 0.
    assertThat(Batches.create(new DrGrpoAdvantageFactory(), "").advantages(Batches.GROUPS, Batches.REWARDS))
        .containsExactly(new float[] {0.6666667f, -1f, -0.3333333f, 0f, 1f, -0.3333333f}, within(1e-6f));
  }

  @Test
  void takesNoParameters() {
    assertThatThrownBy(() -> Batches.create(new DrGrpoAdvantageFactory(), "eps=1"))
        .hasMessage("advantage 'dr-grpo': unknown parameter 'eps'; allowed: none");
  }
}
