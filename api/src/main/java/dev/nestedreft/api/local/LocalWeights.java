package dev.nestedreft.api.local;

import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.spi.weights.WeightSet;

/** Published weights in this process: a copy of the learner's weights, freed on {@link #close()}. */
record LocalWeights(WeightSet weights) implements PublishedWeights {
  @Override
  public void close() {
    weights.close();
  }
}
