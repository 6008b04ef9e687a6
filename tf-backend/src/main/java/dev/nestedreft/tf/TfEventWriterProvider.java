package dev.nestedreft.tf;

import dev.nestedreft.spi.metrics.ScalarWriter;
import dev.nestedreft.spi.metrics.ScalarWriterProvider;
import java.nio.file.Path;

/** TensorBoard event files, under the name {@value #NAME}. */
public final class TfEventWriterProvider implements ScalarWriterProvider {
  public static final String NAME = "tensorboard";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return TfBackendProvider.tensorFlowPresent();
  }

  @Override
  public String description() {
    return "TensorBoard event files under the run's tensorboard/ folder, written by TensorFlow's summary ops";
  }

  @Override
  public ScalarWriter open(Path logDir) {
    return new TfEventWriter(logDir);
  }
}
