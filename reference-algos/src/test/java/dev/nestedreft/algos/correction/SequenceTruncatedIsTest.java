package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;
import static dev.nestedreft.algos.correction.Fixtures.row;

import org.junit.jupiter.api.Test;

class SequenceTruncatedIsTest {
  @Test
  void truncatesTheSequenceRatio() {
    // c = 2: sequence 0: min(2.4, 2) = 2 on all three tokens (clipped); sequence 1: min(1.375, 2) = 1.375.
    // Clipped: 3 of 6 tokens.
    assertWeights(
        Fixtures.create(new SequenceTruncatedIsFactory(), "").weights(Fixtures.shared(), new float[] {2f, -1f}),
        3.0 / 6, row(2f, 2f, 2f), row(1.375f, 1.375f, 1.375f));
  }

  @Test
  void aLowerCap() {
    // c = 1.2: min(2.4, 1.2) = 1.2 and min(1.375, 1.2) = 1.2: all 6 tokens clipped.
    assertWeights(
        Fixtures.create(new SequenceTruncatedIsFactory(), "c=1.2").weights(Fixtures.shared(), new float[] {1, 1}),
        1.0, row(1.2f, 1.2f, 1.2f), row(1.2f, 1.2f, 1.2f));
  }
}
