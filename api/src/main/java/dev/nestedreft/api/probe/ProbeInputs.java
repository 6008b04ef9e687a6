package dev.nestedreft.api.probe;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.text.Tokenizer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a layer probe runs on: the parts a training run already has. The probe publishes the learner's current
 * weights to the workers, loads each plan in turn, and asks the learner for target log-probs; it updates nothing,
 * and leaves the workers holding the last plan probed. The caller keeps every part and closes it.
 *
 * @param learner the target model (its current weights), from any placement
 * @param workers rollout workers of the same placement
 * @param spec the model
 * @param task where the prompts come from (its train stream from position 0) and their references
 * @param tokenizer encodes the prompts and decodes the completions for the reward
 * @param reward scores the behavior's samples
 * @param algorithms where {@code random-skip} is found, which draws the random comparison sets
 * @param allocator the batches the probe reads are allocated from it
 */
public record ProbeInputs(LearnerService learner, RolloutWorkers workers, ModelSpec spec, Task task,
    Tokenizer tokenizer, RewardFn reward, Algorithms algorithms, BufferAllocator allocator) {
  public ProbeInputs {
    checkNotNull(learner, "learner");
    checkNotNull(workers, "workers");
    checkNotNull(spec, "spec");
    checkNotNull(task, "task");
    checkNotNull(tokenizer, "tokenizer");
    checkNotNull(reward, "reward");
    checkNotNull(algorithms, "algorithms");
    checkNotNull(allocator, "allocator");
  }
}
