package dev.nestedreft.api.ray;

import dev.nestedreft.api.contract.PublishedWeights;
import io.ray.api.ObjectRef;

/** Weights published into Ray's object store (Arrow IPC bytes), by reference; closing releases them. */
record RayWeights(ObjectRef<byte[]> ref) implements PublishedWeights {
  @Override
  public void close() {
    RayCalls.release(ref);
  }
}
