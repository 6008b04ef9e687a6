package dev.nestedreft.cli;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.model.LayerPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export-onnx", mixinStandardHelpOptions = true,
    description = "Export the truncated-layer ONNX graph of a layer plan (only the kept layers are in the graph).")
final class ExportOnnxCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory.")
  Path model;

  @Option(names = "--skip", description = "Decoder layers to leave out, e.g. 3,5 (default: none).")
  String skip;

  @Option(names = "--out", required = true, description = "The .onnx file to write; it must not exist.")
  Path out;

  @Option(names = "--force", description = "Replace --out if it exists.")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OutputTarget.checkFile("--out", out, force);
    try (PluginSet plugins = Main.openPlugins(spec)) {
      return run(plugins);
    }
  }

  private Integer run(PluginSet plugins) throws Exception {
    Backends backends = plugins.backends();
    var exporter = backends.exporter("onnx");
    try (BufferAllocator allocator = new RootAllocator();
        LoadedModel loaded = ModelDirectory.read(model, allocator)) {
      loaded.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
      LayerPlan plan = Skips.plan(loaded.spec().numHiddenLayers(), skip);
      Map<String, String> provenance = new LinkedHashMap<>();
      SafetensorsReader.header(model.resolve(ModelDirectory.WEIGHTS)).metadata().forEach((k, v) -> {
        if (k.startsWith(Provenance.PREFIX) && !NestedReft.BUILD_KEYS.contains(k)) {
          provenance.put(k, v); // the seed and preset the weights came from; this build's version and commit stay
        }
      });
      provenance.put("source_model", model.toAbsolutePath().normalize().toString());
      exporter.export(loaded.spec(), loaded.weights(), plan, NestedReft.provenance(provenance), out);
      spec.commandLine().getOut().printf("wrote %s: %d of %d layers (%s), %,d bytes%n", out, plan.size(),
          plan.numLayers(), plan.compact(), Files.size(out));
    }
    return 0;
  }
}
