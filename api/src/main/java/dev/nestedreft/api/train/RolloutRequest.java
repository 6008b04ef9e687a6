package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import java.util.List;

/**
 * One step's generation, ready to run: its prompts, the behavior plan drawn for it and the weights already loaded
 * into the rollout workers ({@link Trainer#load}). Everything in it is a function of the seed, the step, the data
 * position and the behavior policy's state when the plan was drawn.
 *
 * @param step the step (0-based) the batch is for
 * @param dataPosition the train stream position of the step's first prompt
 * @param problems the step's problems (their references score the completions)
 * @param prompts the problems as prompts
 * @param draw the behavior plan and how it was drawn
 * @param policyVersion the version of the weights loaded (the updates applied to them)
 * @param params the sampling parameters, with the step's sampling seed
 * @param publishNanos the time publishing and loading the weights took
 */
record RolloutRequest(long step, long dataPosition, List<TaskProblem> problems, List<Prompt> prompts, PlanDraw draw,
    long policyVersion, SamplingParams params, long publishNanos) {
  RolloutRequest {
    problems = List.copyOf(problems);
    prompts = List.copyOf(prompts);
  }
}
