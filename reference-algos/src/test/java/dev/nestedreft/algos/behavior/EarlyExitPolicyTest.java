package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.PlanDraw;
import org.junit.jupiter.api.Test;

class EarlyExitPolicyTest {
  private final EarlyExitPolicyFactory factory = new EarlyExitPolicyFactory();

  @Test
  void dropsTheTopLayers() {
    PlanDraw draw = Specs.create(factory, "k=3", 4).draw(2, Specs.layers(8));
    assertThat(draw.plan().layers()).containsExactly(0, 1, 2, 3, 4);
    Specs.assertRecorded(draw, "early-exit", 2, 4);
    // round(0.25 · 8) = 2 dropped.
    assertThat(Specs.create(factory, "fraction=0.25", 0).draw(0, Specs.layers(8)).plan().layers())
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Specs.create(factory, "k=0", 0).draw(0, Specs.layers(8)).plan().isFull()).isTrue();
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> Specs.create(factory, "k=8", 0).draw(0, Specs.layers(8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'early-exit': k=8 would drop all 8 layers; at least one must run");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,fraction=0.1", 0)).hasMessageContaining("got both");
    assertThatThrownBy(() -> Specs.create(factory, "k=1,protect_ends=false", 0))
        .hasMessageContaining("unknown parameter 'protect_ends'");
  }
}
