package dev.nestedreft.api.ray;

import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.local.LocalRolloutWorkers;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Rollout workers for Ray's LOCAL mode that generate while the learner actor runs a call: the same engines the
 * worker actors would hold ({@link LocalRolloutWorkers}, from the setup's plug-ins opened again, as an actor opens
 * them), called in this JVM's calling thread instead of as actors. LOCAL mode runs one actor call at a time (see
 * {@link RayRuntime}: ray#61827), so worker actors would wait for the learner's call and nothing would overlap; in
 * LOCAL mode an actor is a thread of this JVM anyway, so running the engines here gives up no isolation. They load
 * the learner's published weights from Ray's object store (the bytes an actor would load) and give rollouts that
 * the learner actor takes as Arrow IPC bytes. The same weights, plan, prompts and sampling give the same rollouts as
 * the actors, bit for bit.
 *
 * <p>Owns the engines, their allocator and the plug-ins' class loader; {@link #close()} frees them. One caller at a
 * time.
 */
final class LocalModeRolloutWorkers implements RolloutWorkers {
  private final PluginSet plugins;
  private final BufferAllocator allocator;
  private final LocalRolloutWorkers engines;

  LocalModeRolloutWorkers(WorkerSetup setup, int count) {
    PluginSet opened = PluginSet.reopen(setup.plugins());
    BufferAllocator root = null;
    try {
      root = new RootAllocator();
      this.engines = new LocalRolloutWorkers(opened.backends(), setup.backend(), setup.spec(), count, root,
          BackendOptions.DEFAULT.withIntraOpThreads(setup.threads()));
    } catch (RuntimeException | Error e) {
      if (root != null) {
        root.close();
      }
      opened.close();
      throw e;
    }
    this.plugins = opened;
    this.allocator = root;
  }

  @Override
  public void load(PublishedWeights weights, PlanDraw draw, long policyVersion) {
    if (!(weights instanceof RayWeights inStore)) {
      throw new IllegalArgumentException("rollout workers in Ray's LOCAL mode load weights published to Ray's "
          + "object store, got " + weights.getClass().getName());
    }
    try (WeightSet copy = WeightSetIpc.fromIpcBytes(RayCalls.peek(inStore.ref()), allocator, "worker-weights-in")) {
      engines.load(copy, draw, policyVersion);
    }
  }

  @Override
  public void load(WeightSet weights, PlanDraw draw, long policyVersion) {
    engines.load(weights, draw, policyVersion);
  }

  @Override
  public Rollouts generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    return engines.generate(prompts, samplesPerPrompt, params);
  }

  @Override
  public int size() {
    return engines.size();
  }

  /** Closes the engines, then their allocator (which fails on leaked memory), then the class loader. */
  @Override
  public void close() {
    try {
      engines.close();
      allocator.close();
    } finally {
      plugins.close();
    }
  }
}
