package dev.nestedreft.api.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import org.junit.jupiter.api.Test;

class RooflineTest {
  private static final ModelSpec QWEN = ModelPresets.get("qwen2.5-0.5b-shape");

  @Test
  void theIssuesFiguresForAQwenDecodeStepComeOut() {
    // 2 GB of fp32 weights read per decode step at 70 GB/s is about 28 ms; 8 rows do about 8 GFLOP.
    Roofline roofline = new Roofline(QWEN, new MachineLimits(400e9, 70e9, "test", 2));
    double weights = QWEN.numHiddenLayers() * roofline.layerBytes() + roofline.headBytes();
    assertThat(weights / 1e9).as("GB of weights").isCloseTo(1.98, within(0.02));
    double floor = roofline.generationFloorSeconds(new int[] {24, 24}, 4, 2, QWEN.numHiddenLayers());
    double step = floor - roofline.generationFloorSeconds(new int[] {24, 24}, 4, 1, QWEN.numHiddenLayers());
    assertThat(step * 1e3).as("ms of one decode step of 8 rows").isCloseTo(28.3, within(0.5));
  }

  @Test
  void withUnlimitedBandwidthTheFloorIsTheFlopsOverThroughput() {
    MachineLimits compute = new MachineLimits(1e11, Double.MAX_VALUE, "test", 1);
    Roofline roofline = new Roofline(QWEN, compute);
    FlopModel flops = new FlopModel(QWEN);
    int[] prompts = {5, 9};
    assertThat(roofline.generationFloorSeconds(prompts, 3, 7, 18))
        .isCloseTo(flops.generation(prompts, 3, 7, 18) / 1e11, within(1e-9));
    // a learner step is the target log-probs (one forward pass) and the update (three): four forward passes.
    assertThat(roofline.learnerStepFloorSeconds(4, 64, 2))
        .isCloseTo(4 * 4 * roofline.forwardFlops(64) / 1e11, within(1e-9));
  }

  @Test
  void withUnlimitedThroughputTheLearnerFloorIsItsBytesOverBandwidth() {
    Roofline roofline = new Roofline(QWEN, new MachineLimits(Double.MAX_VALUE, 1e10, "test", 1));
    double parameters = QWEN.numHiddenLayers() * roofline.layerBytes() + roofline.headBytes()
        + Float.BYTES * QWEN.hiddenSize();
    // two micro-batches: forward reads (1 + 1), updates (3 + 5), AdamW 7
    assertThat(roofline.learnerStepFloorSeconds(4, 64, 2)).isCloseTo(17 * parameters / 1e10, within(1e-9));
  }

  @Test
  void aNestedPlanHasALowerFloorAndLimitsMustBePositive() {
    Roofline roofline = new Roofline(QWEN, new MachineLimits(400e9, 70e9, "test", 2));
    int[] prompts = {16, 32};
    assertThat(roofline.generationFloorSeconds(prompts, 4, 16, 18))
        .isLessThan(roofline.generationFloorSeconds(prompts, 4, 16, 24));
    assertThatThrownBy(() -> new MachineLimits(0, 1, "test", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSpreadIsTheMedianAndTheRangeOfItsRounds() {
    Spread s = Spread.of(3, 1, 2, 10);
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(10);
    assertThat(s.rounds()).isEqualTo(4);
    assertThat(Spread.of(2, 2.2, 1.8).relativeRange()).isCloseTo(0.2, within(1e-12));
    assertThatThrownBy(Spread::of).isInstanceOf(IllegalArgumentException.class);
  }
}
