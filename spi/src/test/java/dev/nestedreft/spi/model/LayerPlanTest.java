package dev.nestedreft.spi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import org.junit.jupiter.api.Test;

class LayerPlanTest {
  @Test
  void fullAndSkipping() {
    LayerPlan full = LayerPlan.full(8);
    assertThat(full.isFull()).isTrue();
    assertThat(full.size()).isEqualTo(8);
    LayerPlan nested = LayerPlan.skipping(8, 5, 3);
    assertThat(nested.layers()).containsExactly(0, 1, 2, 4, 6, 7);
    assertThat(nested.skipped()).containsExactly(3, 5);
    assertThat(nested.isFull()).isFalse();
    assertThat(nested.compact()).isEqualTo("0-2,4,6-7/8");
    assertThat(nested).isEqualTo(LayerPlan.of(8, 0, 1, 2, 4, 6, 7)).isNotEqualTo(full);
    assertThat(nested.hashCode()).isEqualTo(LayerPlan.of(8, 0, 1, 2, 4, 6, 7).hashCode());
  }

  @Test
  void rejectsInvalidPlansWithClearMessages() {
    assertThatThrownBy(() -> LayerPlan.of(8, 0, 8)).isInstanceOf(InvalidInputException.class)
        .hasMessage("layer plan [0, 8]: layer 8 is out of range [0, 8)");
    assertThatThrownBy(() -> LayerPlan.of(8, -1)).hasMessageContaining("layer -1 is out of range");
    assertThatThrownBy(() -> LayerPlan.of(8, 1, 1)).hasMessage("layer plan [1, 1]: layer 1 appears twice");
    assertThatThrownBy(() -> LayerPlan.of(8, 2, 1))
        .hasMessage("layer plan [2, 1]: layers must be in increasing order, 1 comes after 2");
    assertThatThrownBy(() -> LayerPlan.of(8)).hasMessageContaining("empty");
    assertThat(LayerPlan.of(8, true).size()).isZero();
    assertThatThrownBy(() -> LayerPlan.skipping(4, 0, 1, 2, 3)).hasMessageContaining("skips all 4 layers");
    assertThatThrownBy(() -> LayerPlan.skipping(4, 4)).hasMessageContaining("layer 4 is out of range [0, 4)");
    assertThatThrownBy(() -> LayerPlan.skipping(4, 2, 2)).hasMessageContaining("layer 2 appears twice");
  }

  @Test
  void skipCountRoundsTheFractionHalfUp() {
    // round(0.25 · 8) = 2; round(0.3 · 8) = round(2.4) = 2; round(0.2 · 8) = round(1.6) = 2;
    // round(0.0625 · 8) = round(0.5) = 1; round(0.25 · 24) = 6; round(0 · 8) = 0.
    assertThat(LayerPlan.skipCount(0.25, 8)).isEqualTo(2);
    assertThat(LayerPlan.skipCount(0.3, 8)).isEqualTo(2);
    assertThat(LayerPlan.skipCount(0.2, 8)).isEqualTo(2);
    assertThat(LayerPlan.skipCount(0.0625, 8)).isEqualTo(1);
    assertThat(LayerPlan.skipCount(0.25, 24)).isEqualTo(6);
    assertThat(LayerPlan.skipCount(0, 8)).isZero();
  }
}
