package dev.nestedreft.api.ray;

import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import io.ray.api.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trainer's rollout workers as Ray actors: published weights reach them by object reference, prompts are split
 * across them, and their batches stay in the object store ({@link RayRollouts}) for the driver to read and the
 * learner to take by reference. Closing it closes the workers, not the Ray runtime, which belongs to the caller.
 */
public final class RayRolloutWorkers implements RolloutWorkers {
  private final List<RolloutWorkerHandle> workers = new ArrayList<>();
  private final int vocabSize;

  public RayRolloutWorkers(RayRuntime ray, WorkerSetup setup, int count) {
    this.vocabSize = setup.spec().vocabSize();
    try {
      for (int i = 0; i < count; i++) {
        workers.add(RolloutWorkerHandle.create(ray, setup, Map.of()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void load(PublishedWeights weights, PlanDraw draw, long policyVersion) {
    if (!(weights instanceof RayWeights inStore)) {
      throw new IllegalArgumentException("Ray rollout workers load weights published to Ray's object store, got "
          + weights.getClass().getName());
    }
    RolloutWorkerHandle.loadAll(workers, inStore.ref(), draw, policyVersion);
  }

  @Override
  public void load(WeightSet weights, PlanDraw draw, long policyVersion) {
    RolloutWorkerHandle.loadAll(workers, weights, draw, policyVersion);
  }

  @Override
  public Rollouts generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    int parts = Math.min(workers.size(), prompts.size());
    List<RolloutWorkerHandle.PendingRollout> pending = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      List<Prompt> chunk = prompts.subList(prompts.size() * p / parts, prompts.size() * (p + 1) / parts);
      pending.add(workers.get(p).submitGenerate(chunk, samplesPerPrompt, params));
    }
    List<ObjectRef<byte[]>> batches = new ArrayList<>();
    try {
      long tokens = 0;
      int sequences = 0;
      long slowest = 0;
      for (RolloutWorkerHandle.PendingRollout r : pending) {
        RolloutWorkerHandle.Taken taken = r.await();
        batches.add(taken.batch());
        tokens += taken.summary().generatedTokens();
        sequences += taken.summary().sequences();
        // The workers ran side by side, so the slowest one counts.
        slowest = Math.max(slowest, taken.summary().generationNanos());
      }
      return new RayRollouts(batches, new GenerationStats(sequences, tokens, 0, 0, 0, 0, 0, 0, slowest), vocabSize);
    } catch (RuntimeException e) {
      RayCalls.release(batches.toArray(new ObjectRef<?>[0]));
      throw e;
    }
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
