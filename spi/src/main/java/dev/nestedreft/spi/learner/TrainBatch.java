package dev.nestedreft.spi.learner;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.algo.KlEstimator;
import java.util.List;

/**
 * What one update trains on. The loss is {@code Σ_i Σ_t α_{i,t} ℓ_{i,t}} over completion tokens, with
 * {@code ℓ_t = −c_t · log π(y_t) + β_KL · KL_t − β_H · H_t}: {@code c_t} the constant policy-gradient coefficient
 * (correction weight times advantage), {@code KL_t} the chosen estimator against the reference log-probs, and
 * {@code H_t} the entropy of the model's next-token distribution. Log-probs are at {@code temperature}.
 *
 * @param sequences prompts and completions
 * @param coefficients per sequence, {@code c_t} for each completion token
 * @param aggregation per sequence, {@code α_t} for each completion token
 * @param referenceLogprobs per sequence, the frozen reference model's log-probs (null when klCoefficient is 0)
 * @param temperature the sampling temperature (log-probs are of {@code softmax(logits / T)})
 * @param klCoefficient {@code β_KL}
 * @param klEstimator which per-token KL estimator
 * @param entropyCoefficient {@code β_H}
 */
public record TrainBatch(
    ImmutableList<TrainSequence> sequences,
    ImmutableList<float[]> coefficients,
    ImmutableList<float[]> aggregation,
    ImmutableList<float[]> referenceLogprobs,
    double temperature,
    double klCoefficient,
    KlEstimator klEstimator,
    double entropyCoefficient) {

  public TrainBatch {
    checkArgument(temperature > 0, "temperature must be > 0 for training, got %s", temperature);
    checkArgument(coefficients.size() == sequences.size() && aggregation.size() == sequences.size(),
        "one coefficient row and one aggregation row per sequence");
    for (int i = 0; i < sequences.size(); i++) {
      int n = sequences.get(i).completion().length;
      checkArgument(coefficients.get(i).length == n && aggregation.get(i).length == n,
          "sequence %s: %s completion tokens, %s coefficients, %s aggregation weights", i, n,
          coefficients.get(i).length, aggregation.get(i).length);
    }
    checkArgument(klCoefficient == 0 || (referenceLogprobs != null && referenceLogprobs.size() == sequences.size()),
        "a KL penalty needs reference log-probs for every sequence");
  }

  /** A plain policy-gradient batch: no KL, no entropy bonus. */
  public static TrainBatch of(List<TrainSequence> sequences, List<float[]> coefficients, List<float[]> aggregation,
      double temperature) {
    return new TrainBatch(ImmutableList.copyOf(sequences), ImmutableList.copyOf(coefficients),
        ImmutableList.copyOf(aggregation), null, temperature, 0, KlEstimator.K3, 0);
  }

  public TrainBatch withKl(List<float[]> reference, double coefficient, KlEstimator estimator) {
    return new TrainBatch(sequences, coefficients, aggregation, ImmutableList.copyOf(reference), temperature,
        coefficient, estimator, entropyCoefficient);
  }

  public TrainBatch withEntropy(double coefficient) {
    return new TrainBatch(sequences, coefficients, aggregation, referenceLogprobs, temperature, klCoefficient,
        klEstimator, coefficient);
  }

  public long completionTokens() {
    long n = 0;
    for (TrainSequence s : sequences) {
      n += s.completion().length;
    }
    return n;
  }
}
