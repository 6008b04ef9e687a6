package dev.nestedreft.onnx;

import dev.nestedreft.spi.ClassProbe;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import org.apache.arrow.memory.BufferAllocator;

/** Provides the ONNX Runtime rollout engine under the name {@value OrtBackendProvider#NAME}. */
public final class OrtRolloutProvider implements RolloutBackendProvider {
  @Override
  public String name() {
    return OrtBackendProvider.NAME;
  }

  @Override
  public boolean isAvailable() {
    return ClassProbe.present("ai.onnxruntime.OrtEnvironment", OrtRolloutProvider.class);
  }

  @Override
  public RolloutBackend create(ModelSpec spec, BufferAllocator allocator, BackendOptions options) {
    return new OrtRolloutEngine(spec, allocator, options);
  }
}
