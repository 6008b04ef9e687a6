/**
 * The ONNX Runtime backend: truncated-layer ONNX graphs (only the planned decoder layers are in the graph) built
 * in Java from a weight set, run in ONNX Runtime, and exported with provenance. Provider name {@code "onnx"}.
 */
package dev.nestedreft.onnx;
