package dev.nestedreft.spi.backend;

import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/**
 * Creates {@link ForwardBackend}s. Implementations are registered in
 * {@code META-INF/services/dev.nestedreft.spi.backend.ForwardBackendProvider} and found by {@link #name()}.
 * Constructors and {@link #name()} must not load native code.
 */
public interface ForwardBackendProvider {
  /** The name users select the backend by, such as {@code "tf"}. */
  String name();

  /** Whether the backend can run here; a side-effect-free probe (it may check that a class is present). */
  boolean isAvailable();

  /**
   * One line for listings ({@code nested-reft plugins}): what the backend runs on and how.
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
   * {@code tf} 100, {@code onnx} 90. 0 by default.
   */
  default int rank() {
    return 0;
  }

  /**
   * Loads {@code weights} into a new backend. The backend copies what it needs; the caller keeps ownership of
   * {@code weights} and may close them once this returns.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when the weights do not fit the spec
   * @throws dev.nestedreft.spi.NestedReftException when the device is unavailable
   */
  ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options);
}
