/**
 * The plain-Java, double-precision forward pass the backend contracts compare with
 * ({@link dev.nestedreft.tck.reference.ReferenceForwardBackend}), and its provider, {@code test-reference}, for test
 * class paths that want it found by name ({@link dev.nestedreft.tck.reference.ReferenceBackendProvider}).
 */
package dev.nestedreft.tck.reference;
