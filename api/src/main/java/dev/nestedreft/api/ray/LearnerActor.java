package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.local.LocalLearner;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The learner as a Ray actor: a {@link LocalLearner} with its own Arrow allocator, created from a
 * {@link LearnerSetup} message, so the algorithm crosses once. A step takes the workers' batches by object reference
 * ({@link #stage}, once per worker, in worker order) and then a {@link Messages.Step}; it returns the
 * {@link dev.nestedreft.api.learn.PolicyGradientStep.Report}. Weights and optimiser state cross as
 * {@link WeightSetIpc} bytes; {@link #exportWeightsIpc()}'s result goes to the rollout workers by reference.
 *
 * <p>The backend and the correction are found through the setup's plug-ins ({@link PluginSet#reopen}): the actor
 * opens its own class loader over the same jars, checked by their SHA-256, and closes it with the learner. In LOCAL
 * mode that is a second loader over the driver's jars in the same JVM, which is harmless, since only SPI types cross
 * between them; on a cluster the jars must be at the same paths on every node.
 *
 * <p>Like {@link RolloutWorkerActor}, the constructor never throws (a failing constructor ends the JVM in Ray
 * 2.7.0's LOCAL mode); call {@link #ready()} to see a construction error.
 */
public class LearnerActor {
  private final String backendName;
  private final ActorParts<LocalLearner> parts;
  private final List<RolloutBatch> staged = new ArrayList<>();
  private boolean closed;

  /**
   * @param setupMessage a {@link LearnerSetup} ({@link Wire})
   * @param initialWeightsIpc the starting (and reference) weights, as {@link WeightSetIpc} bytes
   */
  public LearnerActor(byte[] setupMessage, byte[] initialWeightsIpc) {
    LearnerSetup setup = null;
    ActorParts<LocalLearner> opened;
    try {
      setup = Wire.decode(setupMessage, LearnerSetup.class);
      LearnerSetup s = setup;
      opened = ActorParts.open("learner: backend '" + s.backend() + "'", s.plugins(), (plugins, root) -> {
        try (WeightSet weights = WeightSetIpc.fromIpcBytes(initialWeightsIpc, root, "learner-weights-in")) {
          return new LocalLearner(plugins.backends(), plugins.algorithms(), s, weights, root);
        }
      });
    } catch (RuntimeException e) {
      opened = ActorParts.failed(e);
    }
    this.backendName = setup == null ? "?" : setup.backend();
    this.parts = opened;
    this.closed = opened.failed();
  }

  /** Returns the backend's name and parameter tensor count, or throws the construction's error. */
  public String ready() {
    return backendName + " " + learner().backend().parameterNames().size();
  }

  /** The current weights as {@link WeightSetIpc} bytes. */
  public byte[] exportWeightsIpc() {
    checkOpen();
    try (WeightSet weights = learner().exportWeights(allocator())) {
      return WeightSetIpc.toIpcBytes(weights);
    }
  }

  /** Adds one worker's rollout batch (Arrow IPC bytes) to the next step. */
  public boolean stage(byte[] batchIpc) {
    checkOpen();
    staged.add(RolloutBatch.fromIpcBytes(batchIpc, allocator(), learner().backend().spec().vocabSize()));
    return true;
  }

  /**
   * One policy-gradient step on the staged batches, in the order staged.
   *
   * @param stepMessage a {@link Messages.Step}
   * @return the {@link dev.nestedreft.api.learn.PolicyGradientStep.Report} ({@link Wire})
   */
  public byte[] step(byte[] stepMessage) {
    checkOpen();
    try {
      checkState(!staged.isEmpty(), "learner step: no rollout batch was staged");
      Messages.Step step = Wire.decode(stepMessage, Messages.Step.class);
      try (RolloutBatch batch = staged.size() == 1 ? staged.remove(0) : RolloutBatch.concat(allocator(), staged)) {
        return Wire.encode(learner().step(batch, step.advantages()));
      }
    } finally {
      staged.forEach(RolloutBatch::close);
      staged.clear();
    }
  }

  /**
   * The target log-probs of the staged batches' completions at {@code temperature}, updating nothing.
   *
   * @return a {@link Messages.Logprobs} ({@link Wire}), one array per row in the order staged
   */
  public byte[] completionLogprobs(double temperature) {
    checkOpen();
    try {
      checkState(!staged.isEmpty(), "learner log-probs: no rollout batch was staged");
      try (RolloutBatch batch = staged.size() == 1 ? staged.remove(0) : RolloutBatch.concat(allocator(), staged)) {
        return Wire.encode(new Messages.Logprobs(learner().completionLogprobs(batch, temperature)));
      }
    } finally {
      staged.forEach(RolloutBatch::close);
      staged.clear();
    }
  }

  /** Replaces the current weights (resume); the reference weights stay. */
  public boolean loadWeightsIpc(byte[] weightsIpc) {
    checkOpen();
    try (WeightSet weights = WeightSetIpc.fromIpcBytes(weightsIpc, allocator(), "learner-weights-load")) {
      learner().loadWeights(weights);
    }
    return true;
  }

  /** The AdamW moments as {@link WeightSetIpc} bytes. */
  public byte[] exportOptimizerStateIpc() {
    checkOpen();
    try (WeightSet state = learner().exportOptimizerState(allocator())) {
      return WeightSetIpc.toIpcBytes(state);
    }
  }

  /** Restores moments exported by {@link #exportOptimizerStateIpc()} and the step count. */
  public boolean restoreOptimizerStateIpc(byte[] stateIpc, long step) {
    checkOpen();
    try (WeightSet state = WeightSetIpc.fromIpcBytes(stateIpc, allocator(), "learner-optimizer-load")) {
      learner().restoreOptimizerState(state, step);
    }
    return true;
  }

  /** Optimiser steps taken. */
  public long optimizerStep() {
    checkOpen();
    return learner().optimizerStep();
  }

  /** Frees the learner, its allocator and its plug-ins' class loader; idempotent. Returns whether it closed them. */
  public boolean close() {
    if (closed || parts.failed()) {
      return false;
    }
    closed = true;
    try {
      staged.forEach(RolloutBatch::close);
      staged.clear();
    } finally {
      parts.close();
    }
    return true;
  }

  private LocalLearner learner() {
    return parts.part();
  }

  private BufferAllocator allocator() {
    return parts.allocator();
  }

  private void checkOpen() {
    ready();
    checkState(!closed, "learner is closed");
  }
}
