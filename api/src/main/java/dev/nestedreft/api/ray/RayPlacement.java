package dev.nestedreft.api.ray;

import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.spi.weights.WeightSet;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The learner and the rollout workers as Ray actors, in a {@link RayRuntime} this placement starts and closes: LOCAL
 * mode (one JVM, nothing installed) when the address is empty, otherwise the Ray cluster at that address.
 *
 * <p>Plug-ins: the actors find their backends (and the learner its correction) by themselves, from the class path
 * of the JVM they run in, so they cannot see a class loader the driver opened. This placement therefore puts its
 * plug-in jars (path and SHA-256) into every {@link LearnerSetup} and {@link WorkerSetup} it sends, and each actor
 * reopens the same jars ({@link dev.nestedreft.api.plugin.PluginSet#reopen}).
 */
public final class RayPlacement implements Placement {
  private final RayRuntime ray;
  private final List<PluginJar> plugins;

  private RayPlacement(RayRuntime ray, List<PluginJar> plugins) {
    this.ray = ray;
    this.plugins = List.copyOf(plugins);
  }

  /** Starts Ray for {@code address} (null or blank: LOCAL mode); the actors see the class path only. */
  public static RayPlacement start(String address) {
    return start(address, List.of());
  }

  /** Starts Ray for {@code address}; the actors also open {@code plugins}. */
  public static RayPlacement start(String address, List<PluginJar> plugins) {
    return start(address, plugins, RayRuntime.DEFAULT_CONNECT_TIMEOUT, () -> false);
  }

  /**
   * Starts Ray for {@code address}, the actors opening {@code plugins}; connecting to a cluster takes at most
   * {@code connectTimeout} and stops as soon as {@code interrupted} says so ({@link RayRuntime#start(
   * RayRuntime.Config, BooleanSupplier)}).
   */
  public static RayPlacement start(String address, List<PluginJar> plugins, Duration connectTimeout,
      BooleanSupplier interrupted) {
    return new RayPlacement(RayRuntime.start(RayRuntime.Config.forAddress(address).withConnectTimeout(connectTimeout),
        interrupted), plugins);
  }

  /** A factory that starts Ray for {@code address} each time a run opens it. */
  public static Placement.Factory factory(String address) {
    return factory(address, List.of());
  }

  /**
   * A factory that starts Ray for {@code address} each time a run opens it, with actors that open {@code plugins}
   * (a {@link dev.nestedreft.api.plugin.PluginSet#jars()}).
   */
  public static Placement.Factory factory(String address, List<PluginJar> plugins) {
    return factory(address, plugins, RayRuntime.DEFAULT_CONNECT_TIMEOUT, () -> false);
  }

  /**
   * As {@link #factory(String, List)}, each start connecting within {@code connectTimeout} and stopping when
   * {@code interrupted} says so.
   */
  public static Placement.Factory factory(String address, List<PluginJar> plugins, Duration connectTimeout,
      BooleanSupplier interrupted) {
    List<PluginJar> copy = List.copyOf(plugins);
    return () -> start(address, copy, connectTimeout, interrupted);
  }

  /** Sends {@code setup} with this placement's plug-ins, unless it names its own. */
  @Override
  public LearnerService learner(LearnerSetup setup, WeightSet initial) {
    return RayLearner.create(ray, setup.plugins().isEmpty() ? setup.withPlugins(plugins) : setup, initial);
  }

  /** Sends {@code setup} with this placement's plug-ins, unless it names its own. */
  @Override
  public RolloutWorkers rolloutWorkers(WorkerSetup setup, int count) {
    return new RayRolloutWorkers(ray, setup.plugins().isEmpty() ? setup.withPlugins(plugins) : setup, count);
  }

  /**
   * In CLUSTER mode the worker actors, whose calls run beside the learner's. In LOCAL mode, which runs one actor
   * call at a time, the same engines in this JVM ({@link LocalModeRolloutWorkers}), so that generation overlaps the
   * learner actor's calls.
   */
  @Override
  public RolloutWorkers overlappingRolloutWorkers(WorkerSetup setup, int count) {
    WorkerSetup withPlugins = setup.plugins().isEmpty() ? setup.withPlugins(plugins) : setup;
    return ray.mode() == RayRuntime.Mode.LOCAL ? new LocalModeRolloutWorkers(withPlugins, count)
        : new RayRolloutWorkers(ray, withPlugins, count);
  }

  @Override
  public String describe() {
    return "Ray " + ray.mode() + " mode";
  }

  /** Shuts Ray down. */
  @Override
  public void close() {
    ray.close();
  }
}
