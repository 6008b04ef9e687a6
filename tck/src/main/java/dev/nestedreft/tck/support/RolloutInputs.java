package dev.nestedreft.tck.support;

import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fixed prompts for rollout tests, and a batch's completions by prompt and sample. */
public final class RolloutInputs {
  private RolloutInputs() {}

  /** Three prompts of different lengths (3, 7 and 1 tokens, ids 11 to 13), so padding is exercised. */
  public static List<Prompt> prompts() {
    return List.of(new Prompt(11, new int[] {5, 9, 2}), new Prompt(12, new int[] {7, 1, 30, 4, 8, 60, 2}),
        new Prompt(13, new int[] {3}));
  }

  /** The completions of {@code batch} keyed {@code "<prompt id>/<sample index>"}; takes {@code batch} and closes it. */
  public static Map<String, Completion> readAndClose(RolloutBatch batch) {
    try (batch) {
      Map<String, Completion> out = new HashMap<>();
      for (int row = 0; row < batch.rowCount(); row++) {
        Completion c = batch.row(row);
        out.put(c.promptId() + "/" + c.sampleIndex(), c);
      }
      return out;
    }
  }
}
