package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.api.learn.RewardScoring;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * From task problems to token prompts ({@code bos} + the prompt's tokens), and back to rewards: scoring sits here,
 * next to the problems whose references it checks.
 */
final class Prompts {
  private Prompts() {}

  static List<Prompt> of(List<TaskProblem> problems, Tokenizer tokenizer) {
    List<Prompt> out = new ArrayList<>();
    for (TaskProblem p : problems) {
      out.add(new Prompt(p.id(), tokenizer.encodeWithBos(p.prompt())));
    }
    return out;
  }

  /** The reward of every row, the completion decoded with {@code tokenizer}; a failing reward stops. */
  static double[] score(RolloutBatch batch, List<TaskProblem> problems, Tokenizer tokenizer, RewardFn reward) {
    return score(batch, problems, tokenizer, reward, false).values();
  }

  /**
   * The reward of every row, the completion decoded with {@code tokenizer}.
   *
   * @param skipErrors whether a failing reward scores 0 and is counted (else it stops, naming the prompt)
   */
  static RewardScoring.Scores score(RolloutBatch batch, List<TaskProblem> problems, Tokenizer tokenizer,
      RewardFn reward, boolean skipErrors) {
    Map<Long, TaskProblem> byId = new HashMap<>();
    problems.forEach(p -> byId.put(p.id(), p));
    List<RewardInput> inputs = inputs(batch, byId, tokenizer);
    return skipErrors ? RewardScoring.scoreSkippingErrors(reward, inputs)
        : new RewardScoring.Scores(RewardScoring.score(reward, inputs), 0, null);
  }

  /** Every row as the reward sees it: the problem's prompt and reference, the completion decoded. */
  static List<RewardInput> inputs(RolloutBatch batch, Map<Long, TaskProblem> byId, Tokenizer tokenizer) {
    List<RewardInput> out = new ArrayList<>();
    for (int row = 0; row < batch.rowCount(); row++) {
      TaskProblem p = byId.get(batch.promptId(row));
      out.add(new RewardInput(p.id(), p.prompt(), tokenizer.decode(batch.completionTokens(row)), p.reference()));
    }
    return out;
  }
}
