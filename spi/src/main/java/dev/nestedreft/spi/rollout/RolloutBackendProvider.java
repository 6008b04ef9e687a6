package dev.nestedreft.spi.rollout;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Creates {@link RolloutBackend}s; registered in
 * {@code META-INF/services/dev.nestedreft.spi.rollout.RolloutBackendProvider} and found by {@link #name()}.
 */
public interface RolloutBackendProvider {
  String name();

  boolean isAvailable();

  /**
   * One line for listings ({@code nested-reft plugins}): what the engine runs on and how it generates.
   *
   * <p>Empty by default. A class that provides several services (a forward backend and a learner, say)
   * declares it once for all.
   */
  default String description() {
    return "";
  }

  /**
   * How strongly this provider is preferred when nothing names one ({@link dev.nestedreft.spi.Providers#best()}):
   * the highest rank among the available providers wins, ties go to the first name in sorted order. Built in:
   * {@code onnx} 90. 0 by default.
   */
  default int rank() {
    return 0;
  }

  /**
   * A new backend for models of {@code spec}. It allocates its weight copies and the batches it returns from
   * children of {@code allocator}.
   */
  RolloutBackend create(ModelSpec spec, BufferAllocator allocator, BackendOptions options);
}
