package com.example.nestedreft;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** README: the forward pass of a nested plan on ONNX Runtime. */
public final class ForwardPass {
  private ForwardPass() {}

  /**
   * logprobs[0][i] = log p(tokens[i+1] | tokens[0..i]) with layers 3 and 5 skipped, for a model directory such as
   * the one {@code nested-reft init --preset tiny --out models/tiny} writes.
   */
  public static float[][] nestedLogprobs(Path modelDir) {
    try (BufferAllocator allocator = new RootAllocator();
         LoadedModel model = ModelDirectory.read(modelDir, allocator);
         ForwardBackend onnx = Backends.discover().open("onnx", model.spec(), model.weights(),
             BackendOptions.DEFAULT)) {
      LayerPlan nested = LayerPlan.skipping(model.spec().numHiddenLayers(), 3, 5);
      TokenBatch tokens = TokenBatch.of(new int[] {1, 2, 3, 4});
      return onnx.logits(tokens, nested).nextTokenLogprobs(tokens);
    }
  }
}
