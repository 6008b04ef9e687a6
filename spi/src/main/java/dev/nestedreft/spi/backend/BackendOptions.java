package dev.nestedreft.spi.backend;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Execution settings shared by backends. Explicit thread counts keep TensorFlow and ONNX Runtime from fighting
 * over the cores of a small machine.
 *
 * @param device where kernels run
 * @param intraOpThreads threads inside one kernel (at least 1)
 * @param interOpThreads kernels run concurrently (at least 1)
 * @param profilePrefix where a backend that can profile its kernels writes the profile (null: no profiling)
 */
public record BackendOptions(Device device, int intraOpThreads, int interOpThreads, String profilePrefix) {
  /** CPU, with as many intra-op threads as available processors and one inter-op thread. */
  public static final BackendOptions DEFAULT =
      new BackendOptions(Device.CPU, Runtime.getRuntime().availableProcessors(), 1, null);

  public BackendOptions {
    checkNotNull(device, "device");
    checkArgument(intraOpThreads >= 1, "intraOpThreads must be at least 1, got %s", intraOpThreads);
    checkArgument(interOpThreads >= 1, "interOpThreads must be at least 1, got %s", interOpThreads);
  }

  public BackendOptions withDevice(Device value) {
    return new BackendOptions(value, intraOpThreads, interOpThreads, profilePrefix);
  }

  public BackendOptions withIntraOpThreads(int value) {
    return new BackendOptions(device, value, interOpThreads, profilePrefix);
  }

  /** Kernel profiling into files starting with {@code prefix} (ONNX Runtime writes one JSON per session). */
  public BackendOptions withProfiling(String prefix) {
    return new BackendOptions(device, intraOpThreads, interOpThreads, prefix);
  }
}
