/** Metric sinks found by name, such as TensorBoard event files. */
package dev.nestedreft.spi.metrics;
