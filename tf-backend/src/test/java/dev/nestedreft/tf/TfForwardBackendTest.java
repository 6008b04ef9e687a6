package dev.nestedreft.tf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The TensorFlow forward backend's own checks; its logits are compared with ONNX Runtime's in the api. */
@Tag("native")
class TfForwardBackendTest {
  /** Asking for CUDA is an error that says what to do, never a silent CPU run. */
  @Test
  void cudaIsRefusedWhereTensorFlowSeesNoGpu() {
    Assumptions.assumeFalse(TfSessions.hasGpu(), "this machine's TensorFlow sees a GPU");
    ModelSpec spec = ModelPresets.get("micro");
    BackendOptions cuda = BackendOptions.DEFAULT.withDevice(Device.CUDA);
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet weights = WeightInitializer.initialize(spec, 1, allocator)) {
      assertThatThrownBy(() -> new TfBackendProvider().create(spec, weights, cuda))
          .hasMessageContaining("backend 'tf': device cuda requested, but TensorFlow sees no GPU device");
    }
  }
}
