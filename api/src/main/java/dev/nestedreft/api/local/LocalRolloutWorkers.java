package dev.nestedreft.api.local;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rollout engines in this process, called one after the other. Used by {@link LocalPlacement}, by evaluation, and
 * wherever Ray is not wanted; the trainer's default workers are Ray actors.
 */
public final class LocalRolloutWorkers implements RolloutWorkers {
  private final List<RolloutBackend> engines = new ArrayList<>();

  /** {@code workers} engines of {@code backend}, allocating from {@code allocator} (the caller keeps it). */
  public LocalRolloutWorkers(Backends backends, String backend, ModelSpec spec, int workers,
      BufferAllocator allocator, BackendOptions options) {
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
  public void load(PublishedWeights weights, PlanDraw draw, long policyVersion) {
    if (!(weights instanceof LocalWeights local)) {
      throw new IllegalArgumentException("in-process workers load weights published in this process, got "
          + weights.getClass().getName());
    }
    load(local.weights(), draw, policyVersion);
  }

  @Override
  public Rollouts generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    List<List<Prompt>> parts = Batches.split(prompts, engines.size());
    List<RolloutBatch> batches = new ArrayList<>();
    List<GenerationStats> stats = new ArrayList<>();
    try {
      for (int i = 0; i < parts.size(); i++) {
        batches.add(engines.get(i).generate(parts.get(i), samplesPerPrompt, params));
        stats.add(engines.get(i).lastStats());
      }
    } catch (RuntimeException e) {
      batches.forEach(RolloutBatch::close);
      throw e;
    }
    return new LocalRollouts(batches, sequentialStats(stats));
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
  public int size() {
    return engines.size();
  }

  @Override
  public void close() {
    engines.forEach(RolloutBackend::close);
    engines.clear();
  }
}
