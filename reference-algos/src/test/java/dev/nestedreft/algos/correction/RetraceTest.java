package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import org.junit.jupiter.api.Test;

class RetraceTest {
  @Test
  void defaultLambdaIsOne() {
    // 1 · min(1, ρ_t): (1, 0.4, 1) and (0.25, 1, 1); truncated where ρ_t > 1: 1.5, 4.0, 1.1, 5.0, 4 of 6.
    assertWeights(Fixtures.create(new RetraceFactory(), "").weights(Fixtures.shared(), new float[] {2f, -1f}),
        4.0 / 6, row(1f, 0.4f, 1f), row(0.25f, 1f, 1f));
  }

  @Test
  void lambdaScalesEveryToken() {
    // 0.5 · min(1, ρ_t): (0.5, 0.2, 0.5) and (0.125, 0.5, 0.5); λ itself is not counted as clipping.
    assertWeights(
        Fixtures.create(new RetraceFactory(), "lambda=0.5").weights(Fixtures.shared(), new float[] {2f, -1f}),
        4.0 / 6, row(0.5f, 0.2f, 0.5f), row(0.125f, 0.5f, 0.5f));
  }
}
