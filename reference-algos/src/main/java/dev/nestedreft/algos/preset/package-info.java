/**
 * Named algorithms ({@link dev.nestedreft.spi.algo.AlgorithmPreset}): {@code reft}, {@code nested-reft},
 * {@code dr-grpo}, {@code rloo}, {@code dapo} and {@code gspo}. Each is a fixed
 * {@link dev.nestedreft.spi.algo.Algorithm} whose components are registered by name in this module: a
 * {@link dev.nestedreft.spi.algo.DeclaredPreset} with its name, its paragraph and its
 * {@link dev.nestedreft.spi.algo.Algorithm#builder() recipe}.
 */
package dev.nestedreft.algos.preset;
