package dev.nestedreft.spi.backend;

/**
 * Measures {@link MachineLimits} with an engine's kernels: a large fp32 matrix product and a streaming reduction.
 * Benchmarks use it to say how close to the machine's limit a plan runs. Found with {@link java.util.ServiceLoader};
 * an engine plug-in may provide one.
 */
public interface MachineProbe {
  /** The engine's name, as its backend provider names itself. */
  String name();

  /**
   * Measures the limits with {@code options}' intra-op thread count; takes about a second and holds about
   * {@code 512 MiB} of memory while it runs.
   */
  MachineLimits measure(BackendOptions options);
}
