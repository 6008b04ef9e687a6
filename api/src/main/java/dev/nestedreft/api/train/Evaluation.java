package dev.nestedreft.api.train;

import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.text.Tokenizer;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Test accuracy of the full model: greedy completions of the test problems scored by the reward (1 = correct),
 * and, with {@code samples > 1}, pass@k and mean@n over sampled completions.
 */
public final class Evaluation {
  /** Accuracy (greedy), and over {@code samples} sampled completions per problem, pass@samples and mean@samples. */
  public record Result(int problems, double accuracy, int samples, double passAtK, double meanAtN) {}

  private Evaluation() {}

  public static Result run(RolloutWorkers workers, WeightSet weights, ModelSpec spec, Tokenizer tokenizer,
      List<TaskProblem> problems, RewardFn reward, int maxNewTokens, int samples, long seed,
      BufferAllocator allocator) {
    workers.load(weights, fullPlan(spec, seed), -1);
    return runLoaded(workers, tokenizer, problems, reward, maxNewTokens, samples, seed, allocator);
  }

  /** The full-plan draw evaluation loads. */
  static PlanDraw fullPlan(ModelSpec spec, long seed) {
    return new PlanDraw(spec.fullPlan(), "full", -1, seed);
  }

  /** Like {@link #run}, with the workers already holding the weights and the full plan. */
  static Result runLoaded(RolloutWorkers workers, Tokenizer tokenizer, List<TaskProblem> problems, RewardFn reward,
      int maxNewTokens, int samples, long seed, BufferAllocator allocator) {
    List<Prompt> prompts = Prompts.of(problems, tokenizer);
    double greedy = meanReward(workers.generate(prompts, 1, SamplingParams.greedy(maxNewTokens, tokenizer.eosId()),
        allocator), problems, tokenizer, reward);
    double pass = Double.NaN;
    double mean = Double.NaN;
    if (samples > 1) {
      Map<Long, Double> perProblem = new HashMap<>();
      Map<Long, Double> best = new HashMap<>();
      try (RolloutBatch batch = workers.generate(prompts, samples,
          SamplingParams.sample(maxNewTokens, seed, tokenizer.eosId()), allocator)) {
        double[] scores = Prompts.score(batch, problems, tokenizer, reward);
        for (int row = 0; row < batch.rowCount(); row++) {
          perProblem.merge(batch.promptId(row), scores[row], Double::sum);
          best.merge(batch.promptId(row), scores[row], Math::max);
        }
      }
      pass = best.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      mean = perProblem.values().stream().mapToDouble(v -> v / samples).average().orElse(0);
    }
    return new Result(problems.size(), greedy, samples, pass, mean);
  }

  /** The mean reward of the batch (closing the batch). */
  private static double meanReward(RolloutBatch batch, List<TaskProblem> problems, Tokenizer tokenizer,
      RewardFn reward) {
    try (batch) {
      double[] scores = Prompts.score(batch, problems, tokenizer, reward);
      double sum = 0;
      for (double s : scores) {
        sum += s;
      }
      return scores.length == 0 ? 0 : sum / scores.length;
    }
  }

  static List<RewardInput> inputs(RolloutBatch batch, Map<Long, TaskProblem> byId, Tokenizer tokenizer) {
    List<RewardInput> out = new ArrayList<>();
    for (int row = 0; row < batch.rowCount(); row++) {
      TaskProblem p = byId.get(batch.promptId(row));
      out.add(new RewardInput(p.id(), p.prompt(), tokenizer.decode(batch.completionTokens(row)), p.reference()));
    }
    return out;
  }
}
