package dev.nestedreft.api.ray;

import dev.nestedreft.spi.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayException;

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
