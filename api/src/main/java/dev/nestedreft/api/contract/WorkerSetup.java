package dev.nestedreft.api.contract;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.nestedreft.spi.model.ModelSpec;

/**
 * Everything a rollout worker is created with.
 *
 * @param backend the rollout backend's name, such as {@code onnx}
 * @param spec the model
 * @param threads the backend's intra-op threads (each worker's share of the cores)
 */
public record WorkerSetup(String backend, ModelSpec spec, int threads) {
  public WorkerSetup {
    checkNotNull(backend, "backend");
    checkNotNull(spec, "spec");
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
  }
}
