package dev.nestedreft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SkipSelectionTest {
  @Test
  void spreadsSkipsOverInteriorLayers() {
    assertThat(SkipSelection.evenlySpaced(8, 0).skipped()).isEmpty();
    assertThat(SkipSelection.evenlySpaced(8, 0.125).skipped()).containsExactly(4);
    assertThat(SkipSelection.evenlySpaced(8, 0.25).skipped()).containsExactly(2, 5);
    assertThat(SkipSelection.evenlySpaced(8, 0.5).skipped()).containsExactly(1, 3, 4, 6);
    assertThat(SkipSelection.evenlySpaced(24, 0.25).skipped()).hasSize(6).doesNotContain(0, 23);
  }

  @Test
  void rejectsFractionsThatCannotBeHonoured() {
    assertThatThrownBy(() -> SkipSelection.evenlySpaced(8, 1.0)).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> SkipSelection.evenlySpaced(4, 0.75))
        .hasMessageContaining("skipping 3 of 4 layers, but only 2 interior layers");
  }
}
