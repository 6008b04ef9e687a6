package dev.nestedreft.onnx;

import ai.onnxruntime.OrtException;
import dev.nestedreft.spi.NestedReftException;

/** Translates ONNX Runtime's checked exceptions at the backend boundary, keeping the cause. */
final class OrtErrors {
  private OrtErrors() {}

  static NestedReftException wrap(String what, OrtException e) {
    return new NestedReftException("backend 'onnx': " + what + ": " + e.getMessage(), e);
  }
}
