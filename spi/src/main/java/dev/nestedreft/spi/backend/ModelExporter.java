package dev.nestedreft.spi.backend;

import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Path;

/**
 * Writes a self-contained model file for a layer plan, such as a truncated-layer ONNX graph. Registered in
 * {@code META-INF/services/dev.nestedreft.spi.backend.ModelExporter} and selected by {@link #format()}.
 */
public interface ModelExporter {
  /** The format name, such as {@code "onnx"}. */
  String format();

  boolean isAvailable();

  /**
   * One line for listings ({@code nested-reft plugins}): the file it writes.
   *
   * <p>Empty by default. A class that provides several services (a forward backend and a learner, say)
   * declares it once for all.
   */
  default String description() {
    return "";
  }

  /**
   * Writes the model restricted to {@code plan} to {@code out}, atomically (a temporary file renamed into
   * place), with {@code provenance} embedded.
   */
  void export(ModelSpec spec, WeightSet weights, LayerPlan plan, Provenance provenance, Path out);
}
