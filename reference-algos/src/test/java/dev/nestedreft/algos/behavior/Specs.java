package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.ModelSpec;

/** Small model specs and policy construction for the tests. */
final class Specs {
  private Specs() {}

  static ModelSpec layers(int numLayers) {
    return ModelSpec.builder().vocabSize(16).hiddenSize(8).intermediateSize(16).numHiddenLayers(numLayers)
        .numAttentionHeads(2).numKeyValueHeads(1).build();
  }

  static BehaviorPolicy create(BehaviorPolicyFactory factory, String params, long seed) {
    return factory.create(Params.parse("behavior '" + factory.name() + "'", params), seed);
  }
}
