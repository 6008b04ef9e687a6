package dev.nestedreft.api.contract;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.List;

/**
 * Everything a rollout worker is created with.
 *
 * @param backend the rollout backend's name, such as {@code onnx}
 * @param spec the model
 * @param threads the backend's intra-op threads (each worker's share of the cores)
 * @param plugins the plug-in jars a worker in another class loader or process opens to find {@code backend}
 *     ({@link dev.nestedreft.api.plugin.PluginSet#reopen}); the placement fills them in, and an in-process placement
 *     needs none
 */
public record WorkerSetup(String backend, ModelSpec spec, int threads, List<PluginJar> plugins) {
  public WorkerSetup {
    checkNotNull(backend, "backend");
    checkNotNull(spec, "spec");
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    plugins = plugins == null ? ImmutableList.of() : ImmutableList.copyOf(plugins);
  }

  /** A setup without plug-ins. */
  public WorkerSetup(String backend, ModelSpec spec, int threads) {
    this(backend, spec, threads, List.of());
  }

  public WorkerSetup withPlugins(List<PluginJar> value) {
    return new WorkerSetup(backend, spec, threads, value);
  }
}
