package dev.nestedreft.api.ray;

import dev.nestedreft.spi.InvalidInputException;
import io.ray.api.ObjectRef;
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
