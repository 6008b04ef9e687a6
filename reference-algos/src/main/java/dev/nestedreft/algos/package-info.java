/**
 * Reference algorithms behind the SPI, registered in {@code META-INF/services}: off-policy corrections
 * ({@link dev.nestedreft.algos.correction}), behavior policies ({@link dev.nestedreft.algos.behavior}), advantage
 * estimators ({@link dev.nestedreft.algos.advantage}) and named algorithm presets
 * ({@link dev.nestedreft.algos.preset}).
 */
package dev.nestedreft.algos;
