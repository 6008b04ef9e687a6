package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import org.junit.jupiter.api.Test;

class FullPolicyTest {
  @Test
  void everyLayerEveryStepAndTheDrawIsRecorded() {
    PlanDraw draw = Specs.create(new FullPolicyFactory(), "", 42).draw(7, Specs.layers(8));
    assertThat(draw.plan()).isEqualTo(LayerPlan.full(8));
    Specs.assertRecorded(draw, "full", 7, 42);
  }

  @Test
  void takesNoParameters() {
    assertThatThrownBy(() -> Specs.create(new FullPolicyFactory(), "k=1", 0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("behavior 'full': unknown parameter 'k'");
  }
}
