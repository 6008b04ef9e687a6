package dev.nestedreft.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.nestedreft.spi.BuildInfo;
import dev.nestedreft.spi.backend.ModelExporter;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports the truncated-layer ONNX graph of a plan to a file, with provenance in {@code metadata_props}: the
 * caller's entries plus {@code nested_reft.spec} (the config JSON), {@code nested_reft.layer_plan} and
 * {@code nested_reft.version}. Written to a temporary file and renamed into place.
 */
public final class OnnxModelExporter implements ModelExporter {
  public static final String FORMAT = "onnx";
  /** The version written into exported graphs: the POM's, through {@link BuildInfo}. */
  public static final String VERSION = BuildInfo.current().version();

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public String description() {
    return "a self-contained ONNX file (opset 17) with only the plan's layers, and the provenance in metadata_props";
  }

  /** The model proto with its metadata; exposed for tests and for the rollout engine. */
  static ModelProto model(ModelSpec spec, WeightSet weights, LayerPlan plan, Provenance provenance) {
    Map<String, String> metadata = new LinkedHashMap<>(provenance.entries());
    metadata.put(Provenance.PREFIX + "spec", HfConfig.toJson(spec).strip());
    metadata.put(Provenance.PREFIX + "layer_plan", plan.layerList().toString());
    metadata.put(Provenance.PREFIX + "skipped_layers", Arrays.toString(plan.skipped()));
    metadata.put(Provenance.PREFIX + "version", VERSION);
    return OnnxDecoderGraph.build(spec, weights, plan, VERSION, metadata);
  }

  @Override
  public void export(ModelSpec spec, WeightSet weights, LayerPlan plan, Provenance provenance, Path out) {
    ModelProto model = model(spec, weights, plan, provenance);
    AtomicFiles.write(out, channel -> model.writeTo(Channels.newOutputStream(channel)));
  }
}
