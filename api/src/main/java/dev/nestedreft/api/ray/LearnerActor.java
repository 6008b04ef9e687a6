package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The learner as a Ray actor: one {@link LearnerBackend} (such as {@code tf}) with its own Arrow allocator. So far
 * it exports its weights for rollout workers ({@link #exportWeightsIpc()}, whose object reference a
 * {@link RolloutWorkerHandle#submitLoad} takes directly, so weights go from actor to actor without the driver
 * reading them); training steps are not exposed yet, as {@code TrainBatch} has no wire form.
 *
 * <p>Like {@link RolloutWorkerActor}, the constructor never throws (a failing constructor ends the JVM in Ray
 * 2.7.0's LOCAL mode); call {@link #ready()} to see a construction error.
 */
public class LearnerActor {
  private final String backendName;
  private final BufferAllocator allocator;
  private final LearnerBackend learner;
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
