package dev.nestedreft.onnx;

import dev.nestedreft.spi.ClassProbe;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/** Provides the ONNX Runtime backend under the name {@value #NAME}. */
public final class OrtBackendProvider implements ForwardBackendProvider {
  public static final String NAME = "onnx";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return ClassProbe.present("ai.onnxruntime.OrtEnvironment", OrtBackendProvider.class);
  }

  @Override
  public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
    return new OrtForwardBackend(spec, weights, options);
  }
}
