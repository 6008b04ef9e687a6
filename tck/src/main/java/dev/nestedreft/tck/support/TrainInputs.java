package dev.nestedreft.tck.support;

import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded learner inputs for a model spec: random sequences and batches of them. */
public final class TrainInputs {
  private TrainInputs() {}

  /** {@code count} sequences with 2 to 6 prompt tokens and 1 to 6 completion tokens, uniform over the vocabulary. */
  public static List<TrainSequence> sequences(ModelSpec spec, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<TrainSequence> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] prompt = new int[2 + random.nextInt(5)];
      int[] completion = new int[1 + random.nextInt(6)];
      for (int t = 0; t < prompt.length; t++) {
        prompt[t] = random.nextInt(spec.vocabSize());
      }
      for (int t = 0; t < completion.length; t++) {
        completion[t] = random.nextInt(spec.vocabSize());
      }
      out.add(new TrainSequence(prompt, completion));
    }
    return out;
  }

  /**
   * A batch with one random signed advantage in [-1, 1) per sequence as every token's coefficient, and token-mean
   * aggregation.
   */
  public static TrainBatch batch(List<TrainSequence> sequences, long seed, double temperature) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> coefficients = new ArrayList<>();
    int[] lengths = new int[sequences.size()];
    for (int i = 0; i < sequences.size(); i++) {
      float advantage = (float) (random.nextDouble() * 2 - 1);
      float[] row = new float[sequences.get(i).completion().length];
      Arrays.fill(row, advantage);
      coefficients.add(row);
      lengths[i] = row.length;
    }
    return TrainBatch.of(sequences, coefficients,
        List.of(LossAggregation.TOKEN_MEAN.coefficients(lengths, 0)), temperature);
  }

  /** The prompt's tokens followed by the completion's: the sequence the learner scores. */
  public static int[] concat(int[] prompt, int[] completion) {
    int[] out = Arrays.copyOf(prompt, prompt.length + completion.length);
    System.arraycopy(completion, 0, out, prompt.length, completion.length);
    return out;
  }
}
