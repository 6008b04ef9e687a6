package dev.nestedreft.cli;

import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import picocli.CommandLine.Option;

/** {@code --preset}: the architecture of a model with random weights (parity and the benchmarks). */
class PresetOption {
  @Option(names = "--preset", defaultValue = "tiny", description = "Architecture (default: ${DEFAULT-VALUE}).")
  String preset;

  ModelSpec model() {
    return ModelPresets.get(preset);
  }
}
