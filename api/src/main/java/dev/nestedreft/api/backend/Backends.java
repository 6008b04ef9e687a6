package dev.nestedreft.api.backend;

import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.backend.ModelExporter;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/**
 * The backends and exporters found on a class path. The api never compiles against a backend: everything is
 * discovered through {@link java.util.ServiceLoader}, so a third-party jar adds its own by name.
 */
public final class Backends {
  private final Providers<ForwardBackendProvider> forward;
  private final Providers<ModelExporter> exporters;

  private Backends(ClassLoader loader) {
    this.forward = Providers.load(ForwardBackendProvider.class, loader, "backend", ForwardBackendProvider::name,
        ForwardBackendProvider::isAvailable);
    this.exporters = Providers.load(ModelExporter.class, loader, "export format", ModelExporter::format,
        ModelExporter::isAvailable);
  }

  /** Everything visible from the thread's context class loader (or this class's loader). */
  public static Backends discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new Backends(loader != null ? loader : Backends.class.getClassLoader());
  }

  public static Backends discover(ClassLoader loader) {
    return new Backends(loader);
  }

  public Providers<ForwardBackendProvider> forwardProviders() {
    return forward;
  }

  public Providers<ModelExporter> exporters() {
    return exporters;
  }

  /**
   * Loads {@code weights} into the backend called {@code name}; the caller owns the result and keeps owning
   * {@code weights}.
   *
   * @throws dev.nestedreft.spi.InvalidInputException for an unknown name, listing the available backends
   */
  public ForwardBackend open(String name, ModelSpec spec, WeightSet weights, BackendOptions options) {
    return forward.select(name).create(spec, weights, options);
  }

  public ModelExporter exporter(String format) {
    return exporters.select(format);
  }
}
