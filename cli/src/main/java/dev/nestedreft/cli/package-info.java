/** The {@code nested-reft} command line (picocli): demo, init, score, export-onnx and bench. */
package dev.nestedreft.cli;
