package dev.nestedreft.api.local;

import dev.nestedreft.spi.rollout.GenerationStats;
import java.util.ArrayList;
import java.util.List;

/** Splitting prompts across workers and combining their statistics. */
final class Batches {
  private Batches() {}

  /** Statistics of workers that ran side by side: tokens add up, the wall time is the slowest worker's. */
  static GenerationStats combine(List<GenerationStats> stats) {
    int sequences = 0;
    long tokens = 0;
    int steps = 0;
    long prefill = 0;
    long decode = 0;
    long inputs = 0;
    long sampling = 0;
    long compaction = 0;
    long total = 0;
    for (GenerationStats s : stats) {
      sequences += s.sequences();
      tokens += s.generatedTokens();
      steps = Math.max(steps, s.steps());
      prefill += s.prefillNanos();
      decode += s.decodeNanos();
      inputs += s.inputNanos();
      sampling += s.samplingNanos();
      compaction += s.compactionNanos();
      total = Math.max(total, s.totalNanos());
    }
    return new GenerationStats(sequences, tokens, steps, prefill, decode, inputs, sampling, compaction, total);
  }

  /** Splits {@code items} into {@code parts} contiguous, nearly equal chunks (empty chunks dropped). */
  static <T> List<List<T>> split(List<T> items, int parts) {
    List<List<T>> out = new ArrayList<>();
    int n = items.size();
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      if (to > from) {
        out.add(items.subList(from, to));
      }
    }
    return out;
  }
}
