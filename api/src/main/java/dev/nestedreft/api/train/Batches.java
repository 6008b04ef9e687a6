package dev.nestedreft.api.train;

import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** Gathering the batches of several workers into one. */
final class Batches {
  private Batches() {}

  /** The rows of {@code parts} in order, in a new batch; the parts' metadata of the first part is kept. */
  static RolloutBatch concat(List<RolloutBatch> parts, BufferAllocator allocator) {
    List<Completion> rows = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (RolloutBatch part : parts) {
      for (int r = 0; r < part.rowCount(); r++) {
        rows.add(part.row(r));
      }
      if (metadata.isEmpty()) {
        metadata.putAll(part.metadata());
      }
    }
    return RolloutBatch.of(allocator, rows, metadata);
  }

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
