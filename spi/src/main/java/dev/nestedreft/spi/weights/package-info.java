/**
 * Model weights in Arrow memory ({@link dev.nestedreft.spi.weights.WeightSet}), their Hugging Face names and
 * shapes, and seeded initialisation.
 */
package dev.nestedreft.spi.weights;
