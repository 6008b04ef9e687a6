/** Benchmarks run by the {@code bench} command: figures are ratios measured side by side in one process. */
package dev.nestedreft.api.bench;
