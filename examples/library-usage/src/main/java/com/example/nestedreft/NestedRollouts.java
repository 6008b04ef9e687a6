package com.example.nestedreft;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** README: rollouts with a nested behavior plan. */
public final class NestedRollouts {
  private NestedRollouts() {}

  /**
   * Four samples of one prompt, at most 32 tokens each, from the behavior model without layers 3 and 5, as the
   * Arrow IPC bytes of their batch. The caller owns {@code model} and {@code allocator}.
   */
  public static byte[] sample(LoadedModel model, BufferAllocator allocator) {
    try (RolloutBackend engine = Backends.discover().openRollout("onnx", model.spec(), allocator,
        BackendOptions.DEFAULT)) {
      engine.load(model.weights(), LayerPlan.skipping(model.spec().numHiddenLayers(), 3, 5));
      try (RolloutBatch batch = engine.generate(List.of(new Prompt(0, new int[] {1, 2, 3})), 4,
          SamplingParams.sample(32, 42))) {
        float[] behaviorLogprobs = batch.behaviorLogprobs(0);   // log q(token) of the distribution that drew it
        System.out.printf("sample 0: %d tokens%n", behaviorLogprobs.length);
        return batch.toIpcBytes();                               // how batches cross actors
      }
    }
  }
}
