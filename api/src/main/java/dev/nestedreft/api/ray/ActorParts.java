package dev.nestedreft.api.ray;

import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.api.plugin.PluginSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What an actor owns once constructed: the plug-in set its driver named (opened again here), a root allocator, and
 * the part built from them (a learner or a rollout backend). Construction never throws, because a failing actor
 * constructor ends the whole JVM in Ray 2.7.0's LOCAL mode ({@code System.exit(-1)} in
 * {@code LocalModeTaskSubmitter}): a failure is kept, with everything opened so far closed, and {@link #part()}
 * throws it, so the actor's {@code ready()} reports it.
 *
 * @param plugins the plug-ins, opened again; null when construction failed
 * @param allocator the actor's root allocator; null when construction failed
 * @param part what was built from them; null when construction failed
 * @param error the construction's failure, or null
 * @param <T> the part
 */
record ActorParts<T extends AutoCloseable>(PluginSet plugins, BufferAllocator allocator, T part,
    RuntimeException error) {
  /** Builds the part; the allocator and the plug-ins stay the actor's. */
  @FunctionalInterface
  interface Builder<T> {
    T build(PluginSet plugins, BufferAllocator allocator);
  }

  /**
   * Opens {@code jars} again (over the loader that loaded the api, which sees the project's jars, also on a
   * cluster's worker JVM), a root allocator, and the part.
   *
   * @param what the actor and its backend, for a message such as {@code learner: backend 'tf' failed to load}
   */
  static <T extends AutoCloseable> ActorParts<T> open(String what, List<PluginJar> jars, Builder<T> builder) {
    PluginSet opened = null;
    BufferAllocator root = null;
    try {
      opened = PluginSet.reopen(jars);
      root = new RootAllocator();
      return new ActorParts<>(opened, root, builder.build(opened, root), null);
    } catch (RuntimeException | LinkageError e) {
      if (root != null) {
        root.close();
      }
      if (opened != null) {
        opened.close();
      }
      return failed(e instanceof RuntimeException r ? r
          : new IllegalStateException(what + " failed to load: " + e, e));
    }
  }

  /** The parts of an actor whose construction failed before they were opened (a setup message not readable). */
  static <T extends AutoCloseable> ActorParts<T> failed(RuntimeException error) {
    return new ActorParts<>(null, null, null, error);
  }

  /** Whether construction failed. */
  boolean failed() {
    return error != null;
  }

  /**
   * The part.
   *
   * @throws RuntimeException the construction's failure
   */
  @Override
  public T part() {
    if (error != null) {
      throw error;
    }
    return part;
  }

  /** The allocator; throws the construction's failure like {@link #part()}. */
  @Override
  public BufferAllocator allocator() {
    part();
    return allocator;
  }

  /**
   * Closes the part, then the allocator (which throws when Arrow memory leaked), then the plug-ins' class loader.
   */
  void close() {
    try {
      part.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot close " + part + ": " + e.getMessage(), e);
    } finally {
      try {
        allocator.close();
      } finally {
        plugins.close();
      }
    }
  }
}
