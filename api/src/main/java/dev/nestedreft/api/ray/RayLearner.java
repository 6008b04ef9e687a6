package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.learn.StepReportJson;
import dev.nestedreft.api.train.LearnerService;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import io.ray.api.ActorHandle;
import io.ray.api.Ray;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The trainer's learner as a Ray actor ({@link LearnerActor}): steps, weights and optimiser state cross as Arrow
 * IPC bytes and JSON. Calls go through the {@link RayRuntime}, so LOCAL mode runs them one at a time.
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
  public static RayLearner create(RayRuntime ray, String backend, ModelSpec spec, WeightSet weights,
      double learningRate, int microBatch, int intraOpThreads) {
    checkState(ray.isRunning(), "the Ray runtime is closed");
    byte[] ipc = WeightSetIpc.toIpcBytes(weights);
    List<ActorHandle<LearnerActor>> created = new ArrayList<>(1);
    ray.call(() -> {
      created.add(Ray.actor(LearnerActor::new, backend, HfConfig.toJson(spec), ipc, learningRate, microBatch,
          intraOpThreads).remote());
      return created.get(0).task(LearnerActor::ready).remote();
    });
    return new RayLearner(ray, created.get(0));
  }

  @Override
  public PolicyGradientStep.Report step(RolloutBatch batch, float[] advantages, String correction,
      String correctionParams, PolicyGradientStep.Settings settings) {
    byte[] ipc = batch.toIpcBytes();
    String spec = correctionParams.isBlank() ? correction : correction + ":" + correctionParams;
    String settingsJson = StepReportJson.settings(settings);
    return StepReportJson.report(ray.call(() -> actor.task(LearnerActor::step, ipc, advantages, spec, settingsJson)
        .remote()));
  }

  @Override
  public WeightSet exportWeights(BufferAllocator allocator) {
    return WeightSetIpc.fromIpcBytes(exportWeightsIpc(), allocator, "learner-weights");
  }

  @Override
  public byte[] exportWeightsIpc() {
    return ray.call(() -> actor.task(LearnerActor::exportWeightsIpc).remote());
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
