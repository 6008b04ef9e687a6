package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.LayerPlan;
import org.junit.jupiter.api.Test;

class FixedSkipPolicyTest {
  private final FixedSkipPolicyFactory factory = new FixedSkipPolicyFactory();

  @Test
  void theSamePlanEveryStep() {
    Specs.assertSamePlanEveryStep(Specs.create(factory, "skip=5;3", 11), LayerPlan.of(8, 0, 1, 2, 4, 6, 7), "fixed",
        11);
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> Specs.create(factory, "", 0)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("behavior 'fixed': parameter 'skip' is required");
    assertThatThrownBy(() -> Specs.create(factory, "skip=3;x", 0))
        .hasMessage("behavior 'fixed': parameter 'skip' must be semicolon-separated layer numbers such as 3;5, "
            + "got '3;x'");
    assertThatThrownBy(() -> Specs.create(factory, "skip=3;-1", 0))
        .hasMessageContaining("parameter 'skip' must list layers >= 0");
    assertThatThrownBy(() -> Specs.create(factory, "skip=3;9", 0).draw(0, Specs.layers(8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("behavior 'fixed': parameter 'skip': skip list [3, 9]: layer 9 is out of range [0, 8)");
    assertThatThrownBy(() -> Specs.create(factory, "skip=3;3", 0).draw(0, Specs.layers(8)))
        .hasMessageContaining("layer 3 appears twice");
  }
}
