package dev.nestedreft.cli;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
    description = "Write a randomly initialised model directory (config.json + model.safetensors).")
final class InitCommand implements Callable<Integer> {
  @Option(names = "--preset", defaultValue = "tiny",
      description = "Architecture: tiny, micro, micro-qwen2, qwen2.5-0.5b-shape (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--seed", defaultValue = "7", description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Directory to write; it must be empty or new.")
  Path out;

  @Option(names = "--force", description = "Write into --out even if it is not empty: config.json and "
      + "model.safetensors are replaced, and files of an earlier model or checkpoint that would no longer match "
      + "(state.json, optimizer.safetensors, a sharded index and its shards) are deleted.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ModelSpec model = ModelPresets.get(preset);
    OutputTarget.checkFolder("--out", out, force);
    if (force) {
      ModelDirectory.deleteStaleFiles(out);
    }
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(model, seed, allocator)) {
      ModelDirectory.write(out, model, weights, NestedReft.provenance(Map.of(
          "seed", Long.toString(seed), "preset", preset, "init", "normal(0, 0.02)")));
    }
    spec.commandLine().getOut().printf("wrote %s: preset %s, seed %d, %,d parameters%n", out, preset, seed,
        model.parameterCount());
    return 0;
  }
}
