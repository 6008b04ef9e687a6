package dev.nestedreft.tf;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/** Provides the TensorFlow Java backend under the name {@value #NAME}. */
public final class TfBackendProvider implements ForwardBackendProvider {
  public static final String NAME = "tf";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    try {
      Class.forName("org.tensorflow.TensorFlow", false, TfBackendProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
    return new TfForwardBackend(spec, weights, options);
  }
}
