package dev.nestedreft.tf;

import dev.nestedreft.spi.ClassProbe;
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
    return ClassProbe.present("org.tensorflow.TensorFlow", TfBackendProvider.class);
  }

  @Override
  public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
    return new TfForwardBackend(spec, weights, options);
  }
}
