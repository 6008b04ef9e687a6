package dev.nestedreft.tf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.backend.ForwardBackendContract;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow forward backend: the tck's forward contract (logits equal to the plain-Java reference's for the
 * full plan and nested plans, refused inputs, its own copy of the weights), plus its own checks. Its logits are
 * also compared with ONNX Runtime's in the api ({@code BackendParityTest}).
 */
@Tag("native")
class TfForwardBackendTest extends ForwardBackendContract {
  @Override
  protected ForwardBackendProvider provider() {
    return new TfBackendProvider();
  }

  /** Asking for CUDA is an error that says what to do, never a silent CPU run. */
  @Test
  void cudaIsRefusedWhereTensorFlowSeesNoGpu() {
    Assumptions.assumeFalse(TfSessions.hasGpu(), "this machine's TensorFlow sees a GPU");
    ModelSpec spec = ModelPresets.get("micro");
    BackendOptions cuda = BackendOptions.DEFAULT.withDevice(Device.CUDA);
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator)) {
      assertThatThrownBy(() -> new TfBackendProvider().create(spec, weights, cuda))
          .hasMessageContaining("backend 'tf': device cuda requested, but TensorFlow sees no GPU device");
    }
  }
}
