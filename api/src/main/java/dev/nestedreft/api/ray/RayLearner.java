package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The trainer's learner as a Ray actor ({@link LearnerActor}), created with its {@link LearnerSetup} once. Rollouts
 * of {@link RayRolloutWorkers} reach it by object reference and published weights leave it by object reference;
 * checkpoints read weights and optimiser state as Arrow IPC bytes. Calls go through the {@link RayRuntime}, so LOCAL
 * mode runs them one at a time.
 */
public final class RayLearner implements LearnerService {
  private final RayRuntime ray;
  private final ActorHandle<LearnerActor> actor;
  private boolean closed;

  private RayLearner(RayRuntime ray, ActorHandle<LearnerActor> actor) {
    this.ray = ray;
    this.actor = actor;
  }

  /** A learner actor whose trainable and reference weights start as {@code weights} (the caller keeps them). */
  public static RayLearner create(RayRuntime ray, LearnerSetup setup, WeightSet weights) {
    checkState(ray.isRunning(), "the Ray runtime is closed");
    byte[] message = Wire.encode(setup);
    byte[] ipc = WeightSetIpc.toIpcBytes(weights);
    List<ActorHandle<LearnerActor>> created = new ArrayList<>(1);
    ray.call(() -> {
      created.add(Ray.actor(LearnerActor::new, message, ipc).remote());
      return created.get(0).task(LearnerActor::ready).remote();
    });
    return new RayLearner(ray, created.get(0));
  }

  @Override
  public PolicyGradientStep.Report step(Rollouts rollouts, float[] advantages) {
    stage(rollouts);
    byte[] message = Wire.encode(new Messages.Step(advantages));
    return Wire.decode(ray.call(() -> actor.task(LearnerActor::step, message).remote()),
        PolicyGradientStep.Report.class);
  }

  @Override
  public List<float[]> completionLogprobs(Rollouts rollouts, double temperature) {
    stage(rollouts);
    return Wire.decode(ray.call(() -> actor.task(LearnerActor::completionLogprobs, temperature).remote()),
        Messages.Logprobs.class).rows();
  }

  /** Hands every worker batch of {@code rollouts} to the actor, by reference where they are in the store. */
  private void stage(Rollouts rollouts) {
    if (rollouts instanceof RayRollouts inStore) {
      for (ObjectRef<byte[]> batch : inStore.refs()) {
        ray.call(() -> actor.task(LearnerActor::stage, batch).remote());
      }
    } else {
      try (BufferAllocator allocator = new RootAllocator();
          RolloutBatch batch = rollouts.read(allocator)) {
        byte[] ipc = batch.toIpcBytes();
        ray.call(() -> actor.task(LearnerActor::stage, ipc).remote());
      }
    }
  }

  @Override
  public PublishedWeights publishWeights() {
    return new RayWeights(ray.submit(() -> actor.task(LearnerActor::exportWeightsIpc).remote()));
  }

  @Override
  public WeightSet exportWeights(BufferAllocator allocator) {
    byte[] ipc = ray.call(() -> actor.task(LearnerActor::exportWeightsIpc).remote());
    return WeightSetIpc.fromIpcBytes(ipc, allocator, "learner-weights");
  }

  @Override
  public void loadWeights(WeightSet weights) {
    byte[] ipc = WeightSetIpc.toIpcBytes(weights);
    ray.call(() -> actor.task(LearnerActor::loadWeightsIpc, ipc).remote());
  }

  @Override
  public WeightSet exportOptimizerState(BufferAllocator allocator) {
    byte[] ipc = ray.call(() -> actor.task(LearnerActor::exportOptimizerStateIpc).remote());
    return WeightSetIpc.fromIpcBytes(ipc, allocator, "learner-optimizer");
  }

  @Override
  public long optimizerStep() {
    return ray.call(() -> actor.task(LearnerActor::optimizerStep).remote());
  }

  @Override
  public void restoreOptimizerState(WeightSet state, long step) {
    byte[] ipc = WeightSetIpc.toIpcBytes(state);
    ray.call(() -> actor.task(LearnerActor::restoreOptimizerStateIpc, ipc, step).remote());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Ray.isInitialized()) { // after Ray's own shutdown hook the actor is gone with it
      ray.call(() -> actor.task(LearnerActor::close).remote());
    }
  }
}
