package dev.nestedreft.api.learn;

import dev.nestedreft.spi.algo.CorrectionDiagnostics;
import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.rollout.RolloutBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * One learner step on a rollout batch, the GRPO-family update with an off-policy correction: for each of
 * {@code updates} optimiser updates, the target log-probs of the completions (full model, sampling temperature),
 * the correction's weights against the recorded behavior log-probs, coefficients {@code c_t = w_t · A}, the
 * aggregation, and one learner update. KL reference log-probs are computed once per step.
 */
public final class PolicyGradientStep {
  /** How the loss is formed; see docs/ALGORITHMS.md. */
  public record Settings(double temperature, LossAggregation aggregation, int sumNormaliser, double klCoefficient,
      KlEstimator klEstimator, double entropyCoefficient, int updates) {}

  /** What one step did: diagnostics of the first update (the rollout's own off-policyness) and every update. */
  public record Report(CorrectionDiagnostics diagnostics, List<UpdateResult> updates, long targetNanos,
      long correctionNanos, long updateNanos) {
    public Report {
      updates = List.copyOf(updates);
    }

    public UpdateResult last() {
      return updates.get(updates.size() - 1);
    }
  }

  private PolicyGradientStep() {}

  public static Report run(LearnerBackend learner, RolloutBatch batch, float[] advantages,
      OffPolicyCorrection correction, Settings settings) {
    List<TrainSequence> sequences = new ArrayList<>();
    List<float[]> behavior = new ArrayList<>();
    for (int row = 0; row < batch.rowCount(); row++) {
      sequences.add(new TrainSequence(batch.promptTokens(row), batch.completionTokens(row)));
      behavior.add(batch.behaviorLogprobs(row));
    }
    return run(learner, sequences, behavior, advantages, correction, settings);
  }

  public static Report run(LearnerBackend learner, List<TrainSequence> sequences, List<float[]> behavior,
      float[] advantages, OffPolicyCorrection correction, Settings settings) {
    int[] lengths = sequences.stream().mapToInt(s -> s.completion().length).toArray();
    List<float[]> aggregation = List.of(settings.aggregation().coefficients(lengths, settings.sumNormaliser()));
    List<float[]> reference = settings.klCoefficient() > 0
        ? learner.referenceLogprobs(sequences, settings.temperature()) : null;
    List<UpdateResult> updates = new ArrayList<>();
    CorrectionDiagnostics first = null;
    long targetNanos = 0;
    long correctionNanos = 0;
    long updateNanos = 0;
    for (int u = 0; u < settings.updates(); u++) {
      long t0 = System.nanoTime();
      List<float[]> target = learner.completionLogprobs(sequences, settings.temperature());
      long t1 = System.nanoTime();
      SequenceLogprobs logprobs = SequenceLogprobs.of(target, behavior);
      CorrectionWeights weights = correction.weights(logprobs, advantages);
      if (first == null) {
        first = CorrectionDiagnostics.of(logprobs, weights);
      }
      List<float[]> coefficients = new ArrayList<>();
      for (int i = 0; i < sequences.size(); i++) {
        float[] w = weights.weights().get(i);
        float[] c = new float[w.length];
        for (int t = 0; t < w.length; t++) {
          c[t] = w[t] * advantages[i];
        }
        coefficients.add(c);
      }
      TrainBatch train = TrainBatch.of(sequences, coefficients, aggregation, settings.temperature())
          .withEntropy(settings.entropyCoefficient());
      if (reference != null) {
        train = train.withKl(reference, settings.klCoefficient(), settings.klEstimator());
      }
      long t2 = System.nanoTime();
      updates.add(learner.update(train));
      long t3 = System.nanoTime();
      targetNanos += t1 - t0;
      correctionNanos += t2 - t1;
      updateNanos += t3 - t2;
    }
    return new Report(first, updates, targetNanos, correctionNanos, updateNanos);
  }
}
