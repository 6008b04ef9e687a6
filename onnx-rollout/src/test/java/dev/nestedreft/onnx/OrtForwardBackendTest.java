package dev.nestedreft.onnx;

import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.tck.backend.ForwardBackendContract;
import org.junit.jupiter.api.Tag;

/**
 * The ONNX Runtime forward backend (truncated-layer graphs) against the tck's forward contract: logits equal to the
 * plain-Java reference's for the full plan and nested plans, refused inputs, its own copy of the weights. Its logits
 * are also compared with TensorFlow's in the api ({@code BackendParityTest}).
 */
@Tag("native")
class OrtForwardBackendTest extends ForwardBackendContract {
  @Override
  protected ForwardBackendProvider provider() {
    return new OrtBackendProvider();
  }
}
