package dev.nestedreft.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.model.LayerPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardBenchmarkTest {
  @Test
  void speedupIsOverTheFullPlanOfTheSameBackend() {
    ForwardBenchmark.Result tfFull = new ForwardBenchmark.Result("tf", LayerPlan.full(4), 8, 7, 5);
    ForwardBenchmark.Result tfNested = new ForwardBenchmark.Result("tf", LayerPlan.skipping(4, 1), 4, 3, 5);
    ForwardBenchmark.Result onnxFull = new ForwardBenchmark.Result("onnx", LayerPlan.full(4), 2, 2, 5);
    ForwardBenchmark.Result onnxNested = new ForwardBenchmark.Result("onnx", LayerPlan.skipping(4, 1), 1, 1, 5);
    List<ForwardBenchmark.Result> results = List.of(tfFull, tfNested, onnxFull, onnxNested);
    assertThat(ForwardBenchmark.speedupOverFull(results, tfNested)).isEqualTo(2.0);
    assertThat(ForwardBenchmark.speedupOverFull(results, tfFull)).isEqualTo(1.0);
    assertThat(ForwardBenchmark.speedupOverFull(results, onnxNested)).isEqualTo(2.0);
    assertThat(ForwardBenchmark.speedupOverFull(List.of(tfNested), tfNested)).isNaN();
  }
}
