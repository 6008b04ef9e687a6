/**
 * Contracts shared by every part of nested-reft: the model description ({@code model}), weights in Arrow memory
 * ({@code weights}), the backend service interfaces found through {@link java.util.ServiceLoader}
 * ({@code backend}), the project's exception family and {@link dev.nestedreft.spi.BuildInfo} (what the build recorded:
 * version, git commit, JVM options). Nothing here depends on TensorFlow or ONNX Runtime.
 */
package dev.nestedreft.spi;
