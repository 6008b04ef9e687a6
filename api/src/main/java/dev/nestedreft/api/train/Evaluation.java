package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.learn.RewardScoring;
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
  /**
   * Accuracy (greedy), and over {@code samples} sampled completions per problem, pass@samples and mean@samples;
   * {@code greedy} holds every problem's greedy completion and its reward, in the order of the problems.
   */
  public record Result(int problems, double accuracy, int samples, double passAtK, double meanAtN,
      List<Graded> greedy) {}

  /** One problem's greedy completion, decoded, and its reward. */
  public record Graded(String prompt, String completion, String reference, double reward) {}

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
    List<Graded> graded;
    try (Rollouts greedy = workers.generate(prompts, 1, SamplingParams.greedy(maxNewTokens, tokenizer.eosId()))) {
      graded = grade(greedy.read(allocator), problems, tokenizer, reward);
    }
    double greedy = graded.stream().mapToDouble(Graded::reward).average().orElse(0);
    double pass = Double.NaN;
    double mean = Double.NaN;
    if (samples > 1) {
      Map<Long, Double> perProblem = new HashMap<>();
      Map<Long, Double> best = new HashMap<>();
      try (Rollouts sampled = workers.generate(prompts, samples,
              SamplingParams.sample(maxNewTokens, seed, tokenizer.eosId()));
          RolloutBatch batch = sampled.read(allocator)) {
        double[] scores = Prompts.score(batch, problems, tokenizer, reward);
        for (int row = 0; row < batch.rowCount(); row++) {
          perProblem.merge(batch.promptId(row), scores[row], Double::sum);
          best.merge(batch.promptId(row), scores[row], Math::max);
        }
      }
      pass = best.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
      mean = perProblem.values().stream().mapToDouble(v -> v / samples).average().orElse(0);
    }
    return new Result(problems.size(), greedy, samples, pass, mean, List.copyOf(graded));
  }

  /** Every problem's completion and reward, in the order of {@code problems} (closing the batch). */
  private static List<Graded> grade(RolloutBatch batch, List<TaskProblem> problems, Tokenizer tokenizer,
      RewardFn reward) {
    try (batch) {
      Map<Long, TaskProblem> byId = new HashMap<>();
      problems.forEach(p -> byId.put(p.id(), p));
      List<RewardInput> inputs = Prompts.inputs(batch, byId, tokenizer);
      double[] scores = RewardScoring.score(reward, inputs);
      Map<Long, Graded> byProblem = new HashMap<>();
      for (int row = 0; row < inputs.size(); row++) {
        RewardInput in = inputs.get(row);
        byProblem.put(in.promptId(), new Graded(in.prompt(), in.completion(), in.reference(), scores[row]));
      }
      List<Graded> out = new ArrayList<>();
      problems.forEach(p -> out.add(byProblem.get(p.id())));
      return out;
    }
  }
}
