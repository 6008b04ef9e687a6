package dev.nestedreft.spi.algo;

/**
 * A named algorithm ({@code reft}, {@code nested-reft}, {@code dr-grpo}, ...); registered in
 * {@code META-INF/services/dev.nestedreft.spi.algo.AlgorithmPreset}. A jar on the class path adds its own.
 */
public interface AlgorithmPreset {
  String name();

  /** A paragraph: what the preset is, where it comes from, and what it sets. */
  String description();

  Algorithm algorithm();
}
