/**
 * The contract of a forward backend, {@link dev.nestedreft.tck.backend.ForwardBackendContract}: a test class
 * extends it and returns the {@link dev.nestedreft.spi.backend.ForwardBackendProvider} under test; the backend's
 * logits are compared with {@link dev.nestedreft.tck.reference.ReferenceForwardBackend}'s.
 */
package dev.nestedreft.tck.backend;
