package dev.nestedreft.onnx;

import dev.nestedreft.spi.ClassProbe;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import dev.nestedreft.spi.weights.WeightSet;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Provides the ONNX Runtime forward backend and rollout engine, both under the name {@value #NAME}; registered for
 * both services. Stateless: {@link java.util.ServiceLoader} makes one instance per service.
 */
public final class OrtBackendProvider implements ForwardBackendProvider, RolloutBackendProvider {
  public static final String NAME = "onnx";
  /**
   * The rank of both services: the only built-in rollout engine; below {@code tf} (100) as a forward backend, so
   * that TensorFlow, which the learner uses, stays the default forward pass.
   */
  public static final int RANK = 90;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return ClassProbe.present("ai.onnxruntime.OrtEnvironment", OrtBackendProvider.class);
  }

  @Override
  public String description() {
    return "ONNX Runtime (CPU, or CUDA with -Pgpu): graphs that contain only the plan's layers; forward pass, and "
        + "rollouts with a key-value cache and one decode graph per plan size";
  }

  @Override
  public int rank() {
    return RANK;
  }

  @Override
  public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
    return new OrtForwardBackend(spec, weights, options);
  }

  @Override
  public RolloutBackend create(ModelSpec spec, BufferAllocator allocator, BackendOptions options) {
    return new OrtRolloutEngine(spec, allocator, options);
  }
}
