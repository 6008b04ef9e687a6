package dev.nestedreft.api.local;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A learner in this process: one {@link LearnerBackend} (such as {@code tf}) with the correction and step settings
 * of its {@link LearnerSetup}, created once. The Ray learner actor runs one of these.
 *
 * <p>Owns the backend and a child of the allocator it is given; {@link #close()} frees both. Not thread-safe.
 */
public final class LocalLearner implements LearnerService {
  private final LearnerSetup setup;
  private final BufferAllocator allocator;
  private final LearnerBackend learner;
  private final OffPolicyCorrection correction;
  private boolean closed;

  /**
   * @param initial the starting (and reference) weights; the caller keeps them
   * @throws dev.nestedreft.spi.InvalidInputException for an unknown backend or correction, or a bad parameter
   */
  public LocalLearner(Backends backends, Algorithms algorithms, LearnerSetup setup, WeightSet initial,
      BufferAllocator parent) {
    this.setup = setup;
    this.correction = algorithms.correction(setup.correction().name(), setup.correction().toParams());
    initial.validateAgainst(setup.spec(), "learner initial weights");
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(setup.learningRate())
        .withMicroBatch(setup.microBatch()).withReferenceWeights(setup.settings().klCoefficient() > 0);
    BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(setup.threads());
    this.allocator = parent.newChildAllocator("learner", 0, Long.MAX_VALUE);
    try {
      this.learner = backends.openLearner(setup.backend(), setup.spec(), initial, config, options);
    } catch (RuntimeException | Error e) {
      allocator.close();
      throw e;
    }
  }

  /** The backend, for callers that drive it directly (benchmarks, the actor's diagnostics). */
  public LearnerBackend backend() {
    checkOpen();
    return learner;
  }

  @Override
  public PolicyGradientStep.Report step(Rollouts rollouts, float[] advantages) {
    checkOpen();
    if (rollouts instanceof LocalRollouts local && local.batches().size() == 1) {
      return step(local.batches().get(0), advantages); // one engine's batch, read in place rather than copied
    }
    try (RolloutBatch batch = rollouts.read(allocator)) {
      return step(batch, advantages);
    }
  }

  /** One step on a batch the caller owns. */
  public PolicyGradientStep.Report step(RolloutBatch batch, float[] advantages) {
    checkOpen();
    return PolicyGradientStep.run(learner, batch, advantages, correction, setup.settings());
  }

  @Override
  public List<float[]> completionLogprobs(Rollouts rollouts, double temperature) {
    checkOpen();
    if (rollouts instanceof LocalRollouts local && local.batches().size() == 1) {
      return completionLogprobs(local.batches().get(0), temperature);
    }
    try (RolloutBatch batch = rollouts.read(allocator)) {
      return completionLogprobs(batch, temperature);
    }
  }

  /** The target log-probs of a batch the caller owns ({@link #completionLogprobs(Rollouts, double)}). */
  public List<float[]> completionLogprobs(RolloutBatch batch, double temperature) {
    checkOpen();
    List<TrainSequence> sequences = new ArrayList<>(batch.rowCount());
    for (int row = 0; row < batch.rowCount(); row++) {
      sequences.add(new TrainSequence(batch.promptTokens(row), batch.completionTokens(row)));
    }
    return learner.completionLogprobs(sequences, temperature);
  }

  @Override
  public PublishedWeights publishWeights() {
    checkOpen();
    return new LocalWeights(learner.exportWeights(allocator));
  }

  @Override
  public WeightSet exportWeights(BufferAllocator target) {
    checkOpen();
    return learner.exportWeights(target);
  }

  @Override
  public void loadWeights(WeightSet weights) {
    checkOpen();
    learner.loadWeights(weights);
  }

  @Override
  public WeightSet exportOptimizerState(BufferAllocator target) {
    checkOpen();
    return learner.exportOptimizerState(target);
  }

  @Override
  public long optimizerStep() {
    checkOpen();
    return learner.optimizerStep();
  }

  @Override
  public void restoreOptimizerState(WeightSet state, long step) {
    checkOpen();
    learner.restoreOptimizerState(state, step);
  }

  /** Frees the backend and the allocator; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      learner.close();
    } finally {
      allocator.close();
    }
  }

  private void checkOpen() {
    checkState(!closed, "learner is closed");
  }
}
