package dev.nestedreft.api.ray;

import dev.nestedreft.api.train.RolloutWorkers;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.RolloutSchema;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The trainer's rollout workers as Ray actors: weights are put into Ray's object store once per publication (as
 * the learner's Arrow IPC bytes, never decoded in between), prompts are split across the workers, and their
 * batches (Arrow IPC bytes) are gathered into one. Closing it closes the workers, not the Ray runtime, which
 * belongs to the caller.
 */
public final class RayRolloutWorkers implements RolloutWorkers {
  private final List<RolloutWorkerHandle> workers = new ArrayList<>();
  private GenerationStats last;
  private byte[] publishedBytes;
  private ObjectRef<byte[]> published;

  public RayRolloutWorkers(RayRuntime ray, String backend, ModelSpec spec, int count, int intraOpThreads) {
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
  public void loadIpc(byte[] weightsIpc, PlanDraw draw, long policyVersion) {
    if (weightsIpc != publishedBytes) { // the same weights loaded again (another plan) reuse the stored object
      RayCalls.release(published);
      published = Ray.put(weightsIpc);
      publishedBytes = weightsIpc;
    }
    RolloutWorkerHandle.loadAll(workers, published, draw, policyVersion);
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
    List<RolloutBatch> batches = new ArrayList<>();
    try {
      for (RolloutWorkerHandle.PendingRollout r : pending) {
        batches.add(r.get(allocator));
      }
      long tokens = 0;
      int sequences = 0;
      double slowestMs = 0;
      for (RolloutBatch b : batches) {
        tokens += b.completionTokenCount();
        sequences += b.rowCount();
        // Each worker records its own generation time; the workers ran side by side, so the slowest one counts.
        slowestMs = Math.max(slowestMs,
            Double.parseDouble(b.metadata().getOrDefault(RolloutSchema.META_GENERATION_MS, "0")));
      }
      last = new GenerationStats(sequences, tokens, 0, 0, 0, 0, 0, 0, (long) (slowestMs * 1e6));
      return batches.size() == 1 ? batches.remove(0) : RolloutBatch.concat(allocator, batches);
    } finally {
      batches.forEach(RolloutBatch::close);
    }
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
    RayCalls.release(published);
    published = null;
    publishedBytes = null;
  }
}
