/**
 * Contracts shared by every part of nested-reft: the model description ({@code model}), weights in Arrow memory
 * ({@code weights}), the backend service interfaces found through {@link java.util.ServiceLoader}
 * ({@code backend}) and the project's exception family. Nothing here depends on TensorFlow or ONNX Runtime.
 */
package dev.nestedreft.spi;
