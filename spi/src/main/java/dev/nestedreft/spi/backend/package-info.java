/**
 * Backend service interfaces, found with {@link java.util.ServiceLoader} by name: forward computation
 * ({@link dev.nestedreft.spi.backend.ForwardBackendProvider}) and model export
 * ({@link dev.nestedreft.spi.backend.ModelExporter}), with the value types they exchange.
 */
package dev.nestedreft.spi.backend;
