package dev.nestedreft.api.ray;

import dev.nestedreft.api.train.RolloutWorkers;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The trainer's rollout workers as Ray actors: weights are published once as Arrow IPC bytes in Ray's object
 * store, prompts are split across the workers, and their batches (Arrow IPC bytes) are gathered into one.
 * Closing it closes the workers, not the Ray runtime, which belongs to the caller.
 */
public final class RayRolloutWorkers implements RolloutWorkers {
  private final RayRuntime ray;
  private final List<RolloutWorkerHandle> workers = new ArrayList<>();
  private GenerationStats last;

  public RayRolloutWorkers(RayRuntime ray, String backend, ModelSpec spec, int count, int intraOpThreads) {
    this.ray = ray;
    try {
      for (int i = 0; i < count; i++) {
        workers.add(RolloutWorkerHandle.create(ray, backend, spec, intraOpThreads));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void load(WeightSet weights, PlanDraw draw, long policyVersion) {
    RolloutWorkerHandle.loadAll(workers, weights, draw, policyVersion);
  }

  @Override
  public RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params,
      BufferAllocator allocator) {
    int parts = Math.min(workers.size(), prompts.size());
    List<RolloutWorkerHandle.PendingRollout> pending = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      List<Prompt> chunk = prompts.subList(prompts.size() * p / parts, prompts.size() * (p + 1) / parts);
      pending.add(workers.get(p).submitGenerate(chunk, samplesPerPrompt, params));
    }
    List<Completion> rows = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    long tokens = 0;
    for (RolloutWorkerHandle.PendingRollout r : pending) {
      try (RolloutBatch part = r.get(allocator)) {
        for (int row = 0; row < part.rowCount(); row++) {
          rows.add(part.row(row));
        }
        tokens += part.completionTokenCount();
        if (metadata.isEmpty()) {
          metadata.putAll(part.metadata());
        }
      }
    }
    long slowest = 0;
    for (int p = 0; p < parts; p++) {
      slowest = Math.max(slowest, workers.get(p).stats().lastGenerateNanos());
    }
    last = new GenerationStats(rows.size(), tokens, 0, 0, 0, 0, 0, 0, slowest);
    return RolloutBatch.of(allocator, rows, metadata);
  }

  @Override
  public GenerationStats lastStats() {
    return last;
  }

  @Override
  public int size() {
    return workers.size();
  }

  @Override
  public void close() {
    for (RolloutWorkerHandle w : workers) {
      w.close();
    }
    workers.clear();
  }
}
