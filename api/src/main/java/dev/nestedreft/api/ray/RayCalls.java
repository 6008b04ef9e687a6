package dev.nestedreft.api.ray;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayException;
import java.util.ArrayList;
import java.util.List;

/** Waiting for Ray results, with the project's exceptions brought back out of Ray's wrappers. */
final class RayCalls {
  private RayCalls() {}

  /**
   * {@code ref.get()}; when the task failed with an {@link InvalidInputException} or an
   * {@link IllegalStateException}, throws one of the same type and message (Ray's exception as its cause), so
   * callers handle an actor's errors as they would a local call's.
   */
  static <T> T get(ObjectRef<T> ref) {
    try {
      return ref.get();
    } catch (RayException e) {
      throw unwrap(e);
    } finally {
      release(ref); // every result is read once
    }
  }

  /**
   * Drops objects from Ray's object store in LOCAL mode, where nothing else ever does: its in-heap store keeps
   * every call result and every {@code Ray.put} until shutdown (a run of a few hundred steps ran out of heap).
   * On a cluster, Ray's reference counting frees them when their references are collected, so this does nothing.
   */
  /** {@code ref.get()} like {@link #get}, leaving the object in the store for another reader (such as an actor). */
  static <T> T peek(ObjectRef<T> ref) {
    try {
      return ref.get();
    } catch (RayException e) {
      throw unwrap(e);
    }
  }

  static void release(ObjectRef<?>... refs) {
    if (refs.length == 0 || !Ray.isInitialized() || !Ray.getRuntimeContext().isLocalMode()) {
      return;
    }
    List<ObjectRef<?>> present = new ArrayList<>();
    for (ObjectRef<?> r : refs) {
      if (r != null) {
        present.add(r);
      }
    }
    if (!present.isEmpty()) {
      Ray.internal().free(present, true);
    }
  }

  static RuntimeException unwrap(RayException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException) {
        return new InvalidInputException(t.getMessage(), e);
      }
      if (t instanceof NestedReftException) {
        return new NestedReftException(t.getMessage(), e);
      }
      if (t instanceof IllegalStateException) {
        return new IllegalStateException(t.getMessage(), e);
      }
      if (t instanceof IllegalArgumentException) {
        return new IllegalArgumentException(t.getMessage(), e);
      }
    }
    return e;
  }
}
