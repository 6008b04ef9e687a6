package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.learn.StepReportJson;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The learner as a Ray actor: one {@link LearnerBackend} (such as {@code tf}) with its own Arrow allocator. A
 * training step crosses as a rollout batch (Arrow IPC bytes), the advantages, the correction's name and parameters
 * and the step settings (JSON); it runs {@link PolicyGradientStep} here and returns its report as JSON. Weights and
 * optimiser state cross as {@link WeightSetIpc} bytes ({@link #exportWeightsIpc()}'s object reference can go
 * straight to {@link RolloutWorkerHandle#submitLoad}).
 *
 * <p>Like {@link RolloutWorkerActor}, the constructor never throws (a failing constructor ends the JVM in Ray
 * 2.7.0's LOCAL mode); call {@link #ready()} to see a construction error.
 */
public class LearnerActor {
  private final String backendName;
  private final BufferAllocator allocator;
  private final LearnerBackend learner;
  private final Algorithms algorithms = Algorithms.discover(LearnerActor.class.getClassLoader());
  private final RuntimeException constructionError;
  private boolean closed;

  /**
   * @param backendName the learner backend's name, such as {@code tf}
   * @param modelConfigJson the model's Hugging Face {@code config.json} text
   * @param initialWeightsIpc the starting (and reference) weights, as {@link WeightSetIpc} bytes
   * @param learningRate the peak learning rate; the other settings are {@link LearnerConfig#DEFAULT}'s
   * @param microBatchSequences sequences per forward/backward pass
   * @param intraOpThreads the backend's intra-op threads
   */
  public LearnerActor(String backendName, String modelConfigJson, byte[] initialWeightsIpc, double learningRate,
      int microBatchSequences, int intraOpThreads) {
    this.backendName = backendName;
    BufferAllocator root = null;
    LearnerBackend created = null;
    RuntimeException error = null;
    try {
      ModelSpec spec = HfConfig.parse(modelConfigJson, "learner model config");
      LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(learningRate).withMicroBatch(microBatchSequences);
      BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(intraOpThreads);
      root = new RootAllocator();
      try (WeightSet weights = WeightSetIpc.fromIpcBytes(initialWeightsIpc, root, "learner-weights-in")) {
        weights.validateAgainst(spec, "learner initial weights");
        created = Backends.discover(LearnerActor.class.getClassLoader())
            .openLearner(backendName, spec, weights, config, options);
      }
    } catch (RuntimeException | LinkageError e) {
      error = e instanceof RuntimeException r ? r
          : new IllegalStateException("learner: backend '" + backendName + "' failed to load: " + e, e);
      if (root != null) {
        root.close();
      }
      root = null;
    }
    this.allocator = root;
    this.learner = created;
    this.constructionError = error;
    this.closed = error != null;
  }

  /** Returns the backend's name and parameter tensor count, or throws the construction's error. */
  public String ready() {
    if (constructionError != null) {
      throw constructionError;
    }
    return backendName + " " + learner.parameterNames().size();
  }

  /** The current weights as {@link WeightSetIpc} bytes. */
  public byte[] exportWeightsIpc() {
    checkOpen();
    try (WeightSet weights = learner.exportWeights(allocator)) {
      return WeightSetIpc.toIpcBytes(weights);
    }
  }

  /**
   * One policy-gradient step on a rollout batch.
   *
   * @param batchIpc the rollout batch as Arrow IPC bytes
   * @param advantages one per row
   * @param correction {@code name} or {@code name:param=value,...}
   * @param settingsJson {@link StepReportJson#settings(PolicyGradientStep.Settings)}
   * @return {@link StepReportJson#report(PolicyGradientStep.Report)}
   */
  public String step(byte[] batchIpc, float[] advantages, String correction, String settingsJson) {
    checkOpen();
    String[] parts = correction.split(":", 2);
    try (RolloutBatch batch = RolloutBatch.fromIpcBytes(batchIpc, allocator, learner.spec().vocabSize())) {
      return StepReportJson.report(PolicyGradientStep.run(learner, batch, advantages,
          algorithms.correction(parts[0], Params.parse("correction '" + parts[0] + "'",
              parts.length > 1 ? parts[1] : "")), StepReportJson.settings(settingsJson)));
    }
  }

  /** Replaces the current weights (resume); the reference weights stay. */
  public boolean loadWeightsIpc(byte[] weightsIpc) {
    checkOpen();
    try (WeightSet weights = WeightSetIpc.fromIpcBytes(weightsIpc, allocator, "learner-weights-load")) {
      learner.loadWeights(weights);
    }
    return true;
  }

  /** The AdamW moments as {@link WeightSetIpc} bytes. */
  public byte[] exportOptimizerStateIpc() {
    checkOpen();
    try (WeightSet state = learner.exportOptimizerState(allocator)) {
      return WeightSetIpc.toIpcBytes(state);
    }
  }

  /** Restores moments exported by {@link #exportOptimizerStateIpc()} and the step count. */
  public boolean restoreOptimizerStateIpc(byte[] stateIpc, long step) {
    checkOpen();
    try (WeightSet state = WeightSetIpc.fromIpcBytes(stateIpc, allocator, "learner-optimizer-load")) {
      learner.restoreOptimizerState(state, step);
    }
    return true;
  }

  /** Optimiser steps taken. */
  public long optimizerStep() {
    checkOpen();
    return learner.optimizerStep();
  }

  /** Frees the learner and its allocator; idempotent. Returns whether this call closed it. */
  public boolean close() {
    if (closed || constructionError != null) {
      return false;
    }
    closed = true;
    try {
      learner.close();
    } finally {
      allocator.close();
    }
    return true;
  }

  private void checkOpen() {
    ready();
    checkState(!closed, "learner is closed");
  }
}
