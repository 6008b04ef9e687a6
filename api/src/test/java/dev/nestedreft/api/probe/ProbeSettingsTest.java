package dev.nestedreft.api.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeSettingsTest {
  @Test
  void theDefaultsAreTheDemosAndTheNestedReftPresets() {
    ProbeSettings s = ProbeSettings.builder().build();
    assertThat(s.maxNewTokens()).isEqualTo(24);
    assertThat(s.skipFractions()).containsExactly(0.25);
    assertThat(s.protectEnds()).isTrue();
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }

  @Test
  void eachSettingOutOfRangeIsNamed() {
    assertThatThrownBy(() -> ProbeSettings.builder().prompts(0).build()).isInstanceOf(InvalidInputException.class)
        .hasMessage("layer probe: prompts must be >= 1, got 0");
    assertThatThrownBy(() -> ProbeSettings.builder().samples(-1).build())
        .hasMessage("layer probe: samples must be >= 1, got -1");
    assertThatThrownBy(() -> ProbeSettings.builder().beam(0).build()).hasMessageContaining("beam must be >= 1");
    assertThatThrownBy(() -> ProbeSettings.builder().timedRounds(1).build())
        .hasMessage("layer probe: timed_rounds must be >= 2, got 1");
    assertThatThrownBy(() -> ProbeSettings.builder().skipFractions(List.of(0.25, 1.0)).build())
        .hasMessage("layer probe: skip fraction must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> ProbeSettings.builder().skipFractions(List.of(-0.1)).build())
        .hasMessageContaining("got -0.1");
    assertThatThrownBy(() -> ProbeSettings.builder().temperature(0).build())
        .hasMessageContaining("temperature must be a finite number > 0");
  }

  @Test
  void aFractionMeansRoundedLayersWithinTheSkippableRange() {
    SkippableLayers protectedEnds = SkippableLayers.of(8, true);
    assertThat(protectedEnds.layers()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(protectedEnds.count(0.25)).isEqualTo(2);
    assertThat(protectedEnds.count(0.0)).isZero();
    assertThat(protectedEnds.count(0.75)).isEqualTo(6);
    assertThatThrownBy(() -> protectedEnds.count(0.85)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("skip fraction 0.85 means skipping 7 of 8 layers, but only 6 layers (layers 1..6)")
        .hasMessageContaining("--no-protect-ends");
    SkippableLayers all = SkippableLayers.of(8, false);
    assertThat(all.layers()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(all.count(0.8)).isEqualTo(6);
    assertThatThrownBy(() -> all.count(0.95)).hasMessage("skip fraction 0.95 means skipping 8 of 8 layers, which "
        + "leaves no layer to run");
    assertThat(SkippableLayers.of(2, true).size()).isZero();
    assertThat(SkippableLayers.of(2, true).describe()).isEqualTo("none");
  }
}
