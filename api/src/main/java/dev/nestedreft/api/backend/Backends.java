package dev.nestedreft.api.backend;

import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.backend.ModelExporter;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerBackendProvider;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.metrics.ScalarWriterProvider;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import dev.nestedreft.spi.weights.WeightSet;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The backends and exporters found on a class path. The api never compiles against a backend: everything is
 * discovered through {@link java.util.ServiceLoader}, so a third-party jar adds its own by name (on the class path,
 * or as a plug-in jar, whose class loader the {@code plugin} package's {@code PluginSet} passes to
 * {@link #discover(ClassLoader)}). Each registry's {@link Providers#best()} is its available provider of highest
 * rank.
 */
public final class Backends {
  private final Providers<ForwardBackendProvider> forward;
  private final Providers<ModelExporter> exporters;
  private final Providers<RolloutBackendProvider> rollout;
  private final Providers<LearnerBackendProvider> learners;
  private final Providers<ScalarWriterProvider> scalarWriters;

  private Backends(ClassLoader loader) {
    this.forward = Providers.load(ForwardBackendProvider.class, loader, "backend", ForwardBackendProvider::name,
        ForwardBackendProvider::isAvailable, ForwardBackendProvider::rank);
    this.exporters = Providers.load(ModelExporter.class, loader, "export format", ModelExporter::format,
        ModelExporter::isAvailable);
    this.rollout = Providers.load(RolloutBackendProvider.class, loader, "rollout backend",
        RolloutBackendProvider::name, RolloutBackendProvider::isAvailable, RolloutBackendProvider::rank);
    this.learners = Providers.load(LearnerBackendProvider.class, loader, "learner backend",
        LearnerBackendProvider::name, LearnerBackendProvider::isAvailable, LearnerBackendProvider::rank);
    this.scalarWriters = Providers.load(ScalarWriterProvider.class, loader, "metrics writer",
        ScalarWriterProvider::name, ScalarWriterProvider::isAvailable);
  }

  /** Metric writers such as {@code tensorboard}. */
  public Providers<ScalarWriterProvider> scalarWriters() {
    return scalarWriters;
  }

  /** Everything visible from the thread's context class loader (or this class's loader). */
  public static Backends discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new Backends(loader != null ? loader : Backends.class.getClassLoader());
  }

  /**
   * Everything visible from {@code loader}.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when two providers of one kind share a name, or a provider
   *     listed in a {@code META-INF/services} file fails to load
   */
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

  public Providers<RolloutBackendProvider> rolloutProviders() {
    return rollout;
  }

  /**
   * A new rollout backend by name, allocating from children of {@code allocator}; the caller owns it.
   *
   * @throws dev.nestedreft.spi.InvalidInputException for an unknown name, listing the available ones
   */
  public RolloutBackend openRollout(String name, ModelSpec spec, BufferAllocator allocator,
      BackendOptions options) {
    return rollout.select(name).create(spec, allocator, options);
  }

  public Providers<LearnerBackendProvider> learnerProviders() {
    return learners;
  }

  /**
   * A new learner by name whose trainable and reference weights start as copies of {@code weights}; the caller
   * owns it and keeps {@code weights}.
   */
  public LearnerBackend openLearner(String name, ModelSpec spec, WeightSet weights, LearnerConfig config,
      BackendOptions options) {
    return learners.select(name).create(spec, weights, config, options);
  }

  public ModelExporter exporter(String format) {
    return exporters.select(format);
  }
}
