package dev.nestedreft.api.checkpoint;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/**
 * A model read from a directory: its spec, its weights (owned by this record; close it to free them) and the
 * warnings raised while reading (such as tensors the spec does not use).
 */
public record LoadedModel(ModelSpec spec, WeightSet weights, ImmutableList<String> warnings)
    implements AutoCloseable {
  @Override
  public void close() {
    weights.close();
  }
}
