package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rollout engines in this process, called one after the other. Used for evaluation and benchmarks inside the
 * trainer, and where Ray is not wanted; the trainer's default workers are Ray actors.
 */
public final class LocalRolloutWorkers implements RolloutWorkers {
  private final List<RolloutBackend> engines = new ArrayList<>();
  private final BufferAllocator allocator;
  private GenerationStats last;

  public LocalRolloutWorkers(Backends backends, String backend, ModelSpec spec, int workers,
      BufferAllocator allocator, BackendOptions options) {
    this.allocator = allocator;
    try {
      for (int i = 0; i < workers; i++) {
        engines.add(backends.openRollout(backend, spec, allocator, options));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void load(WeightSet weights, PlanDraw draw, long policyVersion) {
    for (RolloutBackend engine : engines) {
      engine.load(weights, draw, policyVersion);
    }
  }

  @Override
  public void loadIpc(byte[] weightsIpc, PlanDraw draw, long policyVersion) {
    try (WeightSet weights = WeightSetIpc.fromIpcBytes(weightsIpc, allocator, "published-weights")) {
      load(weights, draw, policyVersion);
    }
  }

  @Override
  public RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params,
      BufferAllocator allocator) {
    List<List<Prompt>> parts = Batches.split(prompts, engines.size());
    List<RolloutBatch> batches = new ArrayList<>();
    List<GenerationStats> stats = new ArrayList<>();
    try {
      for (int i = 0; i < parts.size(); i++) {
        batches.add(engines.get(i).generate(parts.get(i), samplesPerPrompt, params));
        stats.add(engines.get(i).lastStats());
      }
      last = sequentialStats(stats);
      return batches.size() == 1 ? batches.remove(0) : RolloutBatch.concat(allocator, batches);
    } finally {
      batches.forEach(RolloutBatch::close);
    }
  }

  /** In-process workers run one after the other: wall times add up. */
  private static GenerationStats sequentialStats(List<GenerationStats> stats) {
    GenerationStats combined = Batches.combine(stats);
    long total = stats.stream().mapToLong(GenerationStats::totalNanos).sum();
    return new GenerationStats(combined.sequences(), combined.generatedTokens(), combined.steps(),
        combined.prefillNanos(), combined.decodeNanos(), combined.inputNanos(), combined.samplingNanos(),
        combined.compactionNanos(), total);
  }

  @Override
  public GenerationStats lastStats() {
    return last;
  }

  @Override
  public int size() {
    return engines.size();
  }

  @Override
  public void close() {
    engines.forEach(RolloutBackend::close);
    engines.clear();
  }
}
