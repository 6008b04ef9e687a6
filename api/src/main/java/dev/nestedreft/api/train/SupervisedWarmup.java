package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Supervised warm-up on worked solutions, so that RL starts from a model that sometimes answers right. It is the
 * learner's objective with every coefficient 1 and token-mean aggregation: the mean negative log-likelihood of the
 * solution tokens (and the end-of-sequence token) given the prompt.
 */
public final class SupervisedWarmup {
  private SupervisedWarmup() {}

  /** Runs {@code steps} updates on consecutive training problems; returns the last loss. */
  public static double run(LearnerBackend learner, Task task, Tokenizer tokenizer, int steps, int batchSize,
      LongConsumer progress) {
    double last = Double.NaN;
    for (int step = 0; step < steps; step++) {
      List<TrainSequence> sequences = new ArrayList<>();
      for (TaskProblem p : task.train((long) step * batchSize, batchSize)) {
        int[] body = tokenizer.encode(p.solution());
        int[] completion = Arrays.copyOf(body, body.length + 1);
        completion[body.length] = tokenizer.eosId();
        sequences.add(new TrainSequence(tokenizer.encodeWithBos(p.prompt()), completion));
      }
      int[] lengths = sequences.stream().mapToInt(s -> s.completion().length).toArray();
      List<float[]> ones = new ArrayList<>();
      for (int n : lengths) {
        float[] c = new float[n];
        Arrays.fill(c, 1f);
        ones.add(c);
      }
      UpdateResult r = learner.update(TrainBatch.of(sequences, ones,
          List.of(LossAggregation.TOKEN_MEAN.coefficients(lengths, 0)), 1.0));
      last = r.loss();
      progress.accept(step + 1);
    }
    return last;
  }
}
