/**
 * The library API of nested-reft: project constants and provenance; subpackages hold checkpoints
 * ({@code checkpoint}), backend discovery ({@code backend}), the backend parity check ({@code parity}),
 * benchmarks ({@code bench}) and generated tasks with their tokenizer ({@code task}).
 */
package dev.nestedreft.api;
