package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.nestedreft.spi.BuildInfo;
import dev.nestedreft.spi.JvmOptions;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   */
  public record Config(Mode mode, String address, String namespace, List<String> codeSearchPath,
      List<String> workerJvmOptions, Map<String, String> properties) {
    public Config {
      checkNotNull(mode, "mode");
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
      return new Config(Mode.LOCAL, "", "", List.of(), List.of(), Map.of("ray.logging.level", "WARN"));
    }

    /** CLUSTER mode at {@code address}, worker JVMs getting {@link #REQUIRED_JVM_OPTIONS}. */
    public static Config cluster(String address) {
      return new Config(Mode.CLUSTER, address, "", List.of(), REQUIRED_JVM_OPTIONS, Map.of());
    }

    /** The switch: LOCAL when {@code address} is null or blank, otherwise CLUSTER at that address. */
    public static Config forAddress(String address) {
      return address == null || address.isBlank() ? local() : cluster(address);
    }

    public Config withCodeSearchPath(List<String> value) {
      return new Config(mode, address, namespace, value, workerJvmOptions, properties);
    }

    public Config withWorkerJvmOptions(List<String> value) {
      return new Config(mode, address, namespace, codeSearchPath, value, properties);
    }

    /** Adds or replaces one {@code ray.*} setting. */
    public Config with(String key, String value) {
      Map<String, String> next = new LinkedHashMap<>(properties);
      next.put(key, value);
      return new Config(mode, address, namespace, codeSearchPath, workerJvmOptions, next);
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

  /**
   * Starts Ray as configured.
   *
   * @throws IllegalStateException when this JVM lacks one of {@link #REQUIRED_JVM_OPTIONS} (naming it), when Ray is
   *     already initialized in this JVM, or when it fails to start
   */
  public static RayRuntime start(Config config) {
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
        Ray.init();
      } catch (RuntimeException | LinkageError e) {
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
