package dev.nestedreft.tck.reference;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/**
 * The {@link ReferenceForwardBackend} as a provider named {@value #NAME}. The kit's jar does not register it: a
 * test class path that wants it found by name lists this class in its own
 * {@code META-INF/services/dev.nestedreft.spi.backend.ForwardBackendProvider} (api's tests do, to show a
 * third-party provider found through {@link java.util.ServiceLoader}). Ignores the options: it always runs on
 * the CPU, in the calling thread.
 */
public final class ReferenceBackendProvider implements ForwardBackendProvider {
  public static final String NAME = "test-reference";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
    return ReferenceForwardBackend.create(spec, weights);
  }
}
