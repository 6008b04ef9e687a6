package dev.nestedreft.api.backend;

import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.tck.backend.ForwardBackendContract;
import dev.nestedreft.tck.reference.ReferenceBackendProvider;

/**
 * The tck's reference forward backend, found by name as a third-party provider on this test class path, against the
 * tck's own forward contract. Its logits are the contract's yardstick, so agreement is trivially exact here; what
 * this checks is the rest of the contract (refused inputs, its own copy of the weights) and that discovery hands
 * back a working provider.
 */
class ReferenceBackendContractTest extends ForwardBackendContract {
  @Override
  protected ForwardBackendProvider provider() {
    return Backends.discover().forwardProviders().select(ReferenceBackendProvider.NAME);
  }
}
