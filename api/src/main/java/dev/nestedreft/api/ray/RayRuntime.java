package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.nestedreft.api.contract.RunInterruptedException;
import dev.nestedreft.spi.BuildInfo;
import dev.nestedreft.spi.JvmOptions;
import dev.nestedreft.spi.NestedReftException;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A running Ray runtime in this JVM: {@link Mode#LOCAL} by default (every actor is a thread pool of this JVM; no Ray
 * installation, no other process), or {@link Mode#CLUSTER}, connected to a running Ray 2.7.0 cluster by its
 * address.
 *
 * <p><b>Ray is process-global.</b> {@code Ray.init()} sets static state in {@link Ray}; one JVM holds at most one
 * runtime at a time, so {@link #start} fails while another runtime (this class's or anyone's) is up. This class
 * keeps no global state of its own: it sets Ray's configuration as {@code ray.*} system properties only for the
 * duration of {@code Ray.init()} and restores the previous values afterwards. Ray itself also installs a default
 * uncaught-exception handler and a JVM shutdown hook.
 *
 * <p>In LOCAL mode Ray still extracts its 27 MB native library into a session directory, by default a new
 * {@code /tmp/ray/session_local_mode_*} per start that it never deletes. Unless {@code ray.session-dir} is set,
 * this class gives it a temporary directory of its own instead and deletes it on {@link #close()}.
 *
 * <p><b>LOCAL mode runs one actor call at a time.</b> Ray 2.7.0's LOCAL mode keeps the current actor in one field
 * shared by all actor threads ({@code TaskExecutor.actorContext}), so calls running at the same time on different
 * actors can run on the wrong actor object (<a href="https://github.com/ray-project/ray/issues/61827">ray#61827</a>,
 * fixed only in Ray releases newer than any on Maven Central). Actor calls must therefore go through
 * {@link #submit} or {@link #call} (as {@link RolloutWorkerHandle} does): in LOCAL mode they hold a lock of this
 * runtime and return only when the call has finished; in CLUSTER mode they return at once and calls run in
 * parallel. Create an actor and call it (for example its {@code ready()}) before creating the next.
 *
 * <p><b>Connecting is bounded.</b> In CLUSTER mode {@code Ray.init()} runs on a daemon thread of its own while
 * {@link #start(Config, BooleanSupplier)} waits for it, at most {@link Config#connectTimeout()} (Ray 2.7.0 itself
 * retries an unreachable address for many minutes without a word), and stops waiting at once when the caller's
 * interruption flag is set. A connection given up on is left to that thread; should it still succeed, the thread
 * shuts Ray down again. An attempt that never ends keeps its thread, and Ray's lock, until the JVM exits, so no
 * other runtime can start in that JVM.
 *
 * <p>{@link #close()} shuts Ray down (actors and their threads included); it is idempotent. Thread-safe.
 */
public final class RayRuntime implements AutoCloseable {
  /** Where actors run. */
  public enum Mode {
    /** Ray's single-process mode: actors are thread pools in this JVM. Ray calls this run mode LOCAL. */
    LOCAL,
    /** A real Ray cluster reached through its address; actors are worker JVMs started by Ray. */
    CLUSTER
  }

  /**
   * The JVM options Ray's serializer (FST) and Arrow need on Java 17: the parent POM's {@code nestedreft.jvm.opens},
   * as the build recorded them ({@link BuildInfo#jvmOptions()}). The driver JVM must be started with them; in
   * CLUSTER mode they are also passed to the worker JVMs as {@code ray.job.jvm-options}.
   */
  public static final List<String> REQUIRED_JVM_OPTIONS = BuildInfo.current().jvmOptions();

  /**
   * How to start Ray.
   *
   * @param mode LOCAL or CLUSTER
   * @param address the cluster's address ({@code host:port} of the head's GCS); empty in LOCAL mode
   * @param namespace the job's namespace (empty: a random one)
   * @param codeSearchPath jars and directories the cluster's worker JVMs load the project from (CLUSTER only);
   *     empty: this JVM's class path, which must then exist at the same paths on every node
   * @param workerJvmOptions JVM options of the cluster's worker JVMs (CLUSTER only)
   * @param properties further {@code ray.*} settings (see Ray's {@code ray.default.conf})
   * @param connectTimeout how long connecting to the cluster may take (CLUSTER only)
   */
  public record Config(Mode mode, String address, String namespace, List<String> codeSearchPath,
      List<String> workerJvmOptions, Map<String, String> properties, Duration connectTimeout) {
    public Config {
      checkNotNull(mode, "mode");
      checkNotNull(connectTimeout, "connectTimeout");
      checkArgument(connectTimeout.compareTo(Duration.ZERO) > 0, "connectTimeout must be > 0, got %s",
          connectTimeout);
      address = address == null ? "" : address.trim();
      namespace = namespace == null ? "" : namespace;
      codeSearchPath = ImmutableList.copyOf(codeSearchPath);
      workerJvmOptions = ImmutableList.copyOf(workerJvmOptions);
      properties = ImmutableMap.copyOf(properties);
      checkArgument(mode == Mode.LOCAL || !address.isEmpty(), "CLUSTER mode needs the cluster's address");
      checkArgument(mode == Mode.CLUSTER || address.isEmpty(), "LOCAL mode takes no address, got '%s'", address);
      for (String key : properties.keySet()) {
        checkArgument(key.startsWith("ray."), "Ray setting '%s' does not start with 'ray.'", key);
      }
    }

    /** LOCAL mode with Ray's console logging at WARN. */
    public static Config local() {
      return new Config(Mode.LOCAL, "", "", List.of(), List.of(), Map.of("ray.logging.level", "WARN"),
          DEFAULT_CONNECT_TIMEOUT);
    }

    /** CLUSTER mode at {@code address}, worker JVMs getting {@link #REQUIRED_JVM_OPTIONS}. */
    public static Config cluster(String address) {
      return new Config(Mode.CLUSTER, address, "", List.of(), REQUIRED_JVM_OPTIONS, Map.of(), DEFAULT_CONNECT_TIMEOUT);
    }

    /** The switch: LOCAL when {@code address} is null or blank, otherwise CLUSTER at that address. */
    public static Config forAddress(String address) {
      return address == null || address.isBlank() ? local() : cluster(address);
    }

    public Config withCodeSearchPath(List<String> value) {
      return new Config(mode, address, namespace, value, workerJvmOptions, properties, connectTimeout);
    }

    public Config withWorkerJvmOptions(List<String> value) {
      return new Config(mode, address, namespace, codeSearchPath, value, properties, connectTimeout);
    }

    public Config withConnectTimeout(Duration value) {
      return new Config(mode, address, namespace, codeSearchPath, workerJvmOptions, properties, value);
    }

    /** Adds or replaces one {@code ray.*} setting. */
    public Config with(String key, String value) {
      Map<String, String> next = new LinkedHashMap<>(properties);
      next.put(key, value);
      return new Config(mode, address, namespace, codeSearchPath, workerJvmOptions, next, connectTimeout);
    }

    /** The {@code ray.*} system properties {@code Ray.init()} reads. */
    public Map<String, String> systemProperties() {
      Map<String, String> out = new LinkedHashMap<>(properties);
      out.put("ray.run-mode", mode.name());
      if (mode == Mode.CLUSTER) {
        out.put("ray.address", address);
        if (!codeSearchPath.isEmpty()) {
          out.put("ray.job.code-search-path", String.join(File.pathSeparator, codeSearchPath));
        }
        // Typesafe config reads numerically keyed properties as a list.
        for (int i = 0; i < workerJvmOptions.size(); i++) {
          out.put("ray.job.jvm-options." + i, workerJvmOptions.get(i));
        }
      }
      if (!namespace.isEmpty()) {
        out.put("ray.job.namespace", namespace);
      }
      return out;
    }
  }

  /** How long connecting to a cluster may take unless the config says otherwise. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);

  /** How often a wait for the connection looks at the caller's interruption flag. */
  private static final long POLL_MILLIS = 100;

  private static final String SESSION_DIR = "ray.session-dir";

  private final Config config;
  private final Path ownedSessionDir;
  private final Object localCalls = new Object();
  private boolean closed;

  private RayRuntime(Config config, Path ownedSessionDir) {
    this.config = config;
    this.ownedSessionDir = ownedSessionDir;
  }

  /** Starts Ray in LOCAL mode. */
  public static RayRuntime local() {
    return start(Config.local());
  }

  /** Starts Ray as configured; nothing interrupts a connection but its timeout. */
  public static RayRuntime start(Config config) {
    return start(config, () -> false);
  }

  /**
   * Starts Ray as configured. In CLUSTER mode the connection is given up after {@link Config#connectTimeout()}, or
   * as soon as {@code interrupted} says so (it is asked every {@value #POLL_MILLIS} ms).
   *
   * @throws IllegalStateException when this JVM lacks one of {@link #REQUIRED_JVM_OPTIONS} (naming it), when Ray is
   *     already initialized in this JVM, or when it fails to start
   * @throws NestedReftException when the cluster is not reached within the timeout, naming the address
   * @throws RunInterruptedException when {@code interrupted} became true while connecting
   */
  public static RayRuntime start(Config config, BooleanSupplier interrupted) {
    JvmOptions.require("Ray");
    synchronized (RayRuntime.class) {
      if (Ray.isInitialized()) {
        throw new IllegalStateException(
            "Ray is already initialized in this JVM; Ray.init is process-global, so close the running runtime first");
      }
      Map<String, String> settings = config.systemProperties();
      Path sessionDir = null;
      if (config.mode() == Mode.LOCAL && !settings.containsKey(SESSION_DIR)) {
        sessionDir = SessionDirs.create();
        settings.put(SESSION_DIR, sessionDir.toString());
      }
      Map<String, String> previous = new HashMap<>();
      for (Map.Entry<String, String> e : settings.entrySet()) {
        previous.put(e.getKey(), System.getProperty(e.getKey()));
        System.setProperty(e.getKey(), e.getValue());
      }
      try {
        if (config.mode() == Mode.CLUSTER) {
          connect(config, interrupted);
        } else {
          Ray.init();
        }
      } catch (RuntimeException | LinkageError e) {
        if (e instanceof NestedReftException) {
          throw e; // a timeout or an interruption says what happened itself
        }
        deleteQuietly(sessionDir);
        throw new IllegalStateException("Ray failed to start in " + config.mode() + " mode"
            + (config.mode() == Mode.CLUSTER ? " at " + config.address() : "") + ": " + e, e);
      } finally {
        for (Map.Entry<String, String> e : previous.entrySet()) {
          if (e.getValue() == null) {
            System.clearProperty(e.getKey());
          } else {
            System.setProperty(e.getKey(), e.getValue());
          }
        }
      }
      RayRuntime runtime = new RayRuntime(config, sessionDir);
      if (sessionDir != null) {
        // A JVM that exits without closing the runtime (System.exit, Ray's own exit on a failed actor) still
        // removes the directory; a killed one leaves it for the next start to remove (SessionDirs).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(runtime.ownedSessionDir),
            "nested-reft-ray-cleanup"));
      }
      return runtime;
    }
  }

  /**
   * Runs {@code Ray.init()} on a thread of its own and waits for it, within the config's timeout and until
   * {@code interrupted}. An init error is rethrown as it came.
   */
  private static void connect(Config config, BooleanSupplier interrupted) {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    Thread connecting = new Thread(() -> {
      try {
        Ray.init();
        if (!connected.complete(null)) {
          Ray.shutdown(); // given up on: nobody waits for this runtime any more
        }
      } catch (RuntimeException | LinkageError e) {
        connected.completeExceptionally(e);
      }
    }, "nested-reft-ray-connect");
    connecting.setDaemon(true);
    connecting.start();
    long deadline = System.nanoTime() + config.connectTimeout().toNanos();
    while (true) {
      try {
        connected.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abandon(connected);
        throw new RunInterruptedException("interrupted while connecting to the Ray cluster at " + config.address());
      } catch (TimeoutException e) {
        if (interrupted.getAsBoolean()) {
          abandon(connected);
          throw new RunInterruptedException("interrupted while connecting to the Ray cluster at "
              + config.address() + "; nothing was started");
        }
        if (System.nanoTime() - deadline >= 0) {
          abandon(connected);
          throw NestedReftException.of("could not connect to the Ray cluster at %s within %d s "
              + "(ray_connect_timeout_s): is its head node up (ray start --head) and reachable from this machine? "
              + "See docs/DISTRIBUTED.md", config.address(), config.connectTimeout().toSeconds());
        }
      }
    }
  }

  /**
   * Gives up on a connection: a runtime that still comes up later is shut down by its thread, one that came up
   * just now here.
   */
  private static void abandon(CompletableFuture<Void> connected) {
    if (!connected.cancel(false) && !connected.isCompletedExceptionally()) {
      Ray.shutdown();
    }
  }

  public Mode mode() {
    return config.mode();
  }

  public Config config() {
    return config;
  }

  /** The temporary session directory this runtime gave Ray (LOCAL mode), deleted on {@link #close()}. */
  public Optional<Path> ownedSessionDir() {
    return Optional.ofNullable(ownedSessionDir);
  }

  /**
   * Submits an actor call ({@code () -> actor.task(...).remote()}). In LOCAL mode the call runs alone and has
   * finished when this returns (see the class comment); in CLUSTER mode this returns at once.
   *
   * @throws IllegalStateException when this runtime is closed
   */
  public <T> ObjectRef<T> submit(Supplier<ObjectRef<T>> call) {
    if (!isRunning()) {
      throw new IllegalStateException("the Ray runtime is closed");
    }
    if (config.mode() != Mode.LOCAL) {
      return call.get();
    }
    synchronized (localCalls) {
      ObjectRef<T> ref = call.get();
      try {
        ref.get();
      } catch (RayException e) {
        // The caller's own get reports the failure.
      }
      return ref;
    }
  }

  /**
   * Submits an actor call and waits for its result. An {@link dev.nestedreft.spi.InvalidInputException},
   * {@link IllegalStateException} or {@link IllegalArgumentException} raised in the actor comes back as an exception
   * of the same type and message, with Ray's exception as its cause.
   */
  public <T> T call(Supplier<ObjectRef<T>> call) {
    return RayCalls.get(submit(call));
  }

  /** Whether this runtime is open and Ray is up. */
  public boolean isRunning() {
    synchronized (RayRuntime.class) {
      return !closed && Ray.isInitialized();
    }
  }

  /** Shuts Ray down; actors still alive are dropped with their threads (LOCAL) or processes (CLUSTER). */
  @Override
  public void close() {
    synchronized (RayRuntime.class) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Ray.shutdown();
      } finally {
        // The native library in it stays mapped while this JVM lives; unlinking the file is safe on Linux.
        deleteQuietly(ownedSessionDir);
      }
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      // A leftover temporary directory is not worth failing a shutdown for.
    }
  }

  @Override
  public String toString() {
    return "RayRuntime[" + config.mode() + (config.mode() == Mode.CLUSTER ? " " + config.address() : "")
        + (closed ? ", closed" : "") + "]";
  }
}
