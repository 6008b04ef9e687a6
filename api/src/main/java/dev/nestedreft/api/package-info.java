/**
 * The library API of nested-reft: project constants and provenance; subpackages hold checkpoints
 * ({@code checkpoint}), backend discovery ({@code backend}), the backend parity check ({@code parity}) and
 * benchmarks ({@code bench}).
 */
package dev.nestedreft.api;
