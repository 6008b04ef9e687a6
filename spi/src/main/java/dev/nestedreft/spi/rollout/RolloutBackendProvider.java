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
   * A new backend for models of {@code spec}. It allocates its weight copies and the batches it returns from
   * children of {@code allocator}.
   */
  RolloutBackend create(ModelSpec spec, BufferAllocator allocator, BackendOptions options);
}
