package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.model.LayerPlan;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockSkipPolicyTest {
  private final BlockSkipPolicyFactory factory = new BlockSkipPolicyFactory();

  @Test
  void fixedStart() {
    Specs.assertSamePlanEveryStep(Specs.create(factory, "k=3,start=2", 8), LayerPlan.skipping(8, 2, 3, 4), "block", 8);
  }

  @Test
  void randomStartStaysInTheProtectedRangeAndIsSeeded() {
    BehaviorPolicy policy = Specs.create(factory, "k=3", 21);
    BehaviorPolicy again = Specs.create(factory, "k=3", 21);
    Set<Integer> starts = new HashSet<>();
    for (long step = 0; step < 200; step++) {
      int[] skipped = policy.draw(step, Specs.layers(8)).plan().skipped();
      assertThat(skipped).hasSize(3);
      // Contiguous, inside [1, 6]: the start is one of 1..4.
      assertThat(skipped[1]).isEqualTo(skipped[0] + 1);
      assertThat(skipped[2]).isEqualTo(skipped[0] + 2);
      assertThat(skipped[0]).isBetween(1, 4);
      starts.add(skipped[0]);
      assertThat(again.draw(step, Specs.layers(8)).plan().skipped()).containsExactly(skipped);
    }
    assertThat(starts).containsExactlyInAnyOrder(1, 2, 3, 4);
  }

  @Test
  void fractionAndUnprotectedEnds() {
    // round(0.25 · 8) = 2 layers from start 0, allowed once the ends are unprotected.
    assertThat(Specs.create(factory, "fraction=0.25,start=0,protect_ends=false", 0).draw(0, Specs.layers(8))
        .plan().skipped()).containsExactly(0, 1);
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> Specs.create(factory, "k=3,start=5", 0).draw(0, Specs.layers(8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("behavior 'block': parameter 'start': the block 5..7 (start=5, k=3) leaves the skippable "
            + "range [1, 6] of the 8-layer model");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,start=0", 0).draw(0, Specs.layers(8)))
        .hasMessageContaining("the block 0..1 (start=0, k=2) leaves the skippable range [1, 6]");
    assertThatThrownBy(() -> Specs.create(factory, "k=7", 0).draw(0, Specs.layers(8)))
        .hasMessageContaining("k=7 skips a block of 7 layers, but only 6 layers [1, 6]");
    assertThatThrownBy(() -> Specs.create(factory, "k=2,start=-1", 0))
        .hasMessageContaining("parameter 'start' must be >= 0");
  }
}
