package dev.nestedreft.cli;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import picocli.CommandLine.Option;

/** Backend execution options shared by commands that run a model. */
final class CommonOptions {
  @Option(names = "--threads", description = "Intra-op threads per backend (default: available processors).")
  Integer threads;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
  String device;

  BackendOptions backendOptions() {
    BackendOptions options = BackendOptions.DEFAULT.withDevice(Device.parse(device));
    return threads == null ? options : options.withIntraOpThreads(threads);
  }
}
