package dev.nestedreft.api.train;

import dev.nestedreft.api.learn.RewardScoring;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.text.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** From task problems to token prompts ({@code bos} + the prompt's tokens), and back to rewards. */
final class Prompts {
  private Prompts() {}

  static List<Prompt> of(List<TaskProblem> problems, Tokenizer tokenizer) {
    List<Prompt> out = new ArrayList<>();
    for (TaskProblem p : problems) {
      out.add(new Prompt(p.id(), tokenizer.encodeWithBos(p.prompt())));
    }
    return out;
  }

  /** The reward of every row, the completion decoded with {@code tokenizer}. */
  static double[] score(RolloutBatch batch, List<TaskProblem> problems, Tokenizer tokenizer, RewardFn reward) {
    Map<Long, TaskProblem> byId = new HashMap<>();
    problems.forEach(p -> byId.put(p.id(), p));
    return RewardScoring.score(reward, Evaluation.inputs(batch, byId, tokenizer));
  }
}
