package dev.nestedreft.api.contract;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.List;

/**
 * Everything a learner is created with, sent once: the backend, the model, the optimiser settings and the
 * algorithm (the correction and how the loss is formed).
 *
 * @param backend the learner backend's name, such as {@code tf}
 * @param spec the model
 * @param learningRate the peak learning rate (AdamW); the other optimiser settings are the backend's defaults
 * @param microBatch sequences per forward/backward pass
 * @param threads the backend's intra-op threads
 * @param correction the off-policy correction and its parameters
 * @param settings how the loss is formed
 * @param plugins the plug-in jars a learner in another class loader or process opens to find its backend and
 *     correction ({@link dev.nestedreft.api.plugin.PluginSet#reopen}); the placement fills them in, and an
 *     in-process placement needs none
 */
public record LearnerSetup(String backend, ModelSpec spec, double learningRate, int microBatch, int threads,
    Component correction, PolicyGradientStep.Settings settings, List<PluginJar> plugins) {
  public LearnerSetup {
    checkNotNull(backend, "backend");
    checkNotNull(spec, "spec");
    checkNotNull(correction, "correction");
    checkNotNull(settings, "settings");
    checkArgument(microBatch >= 1, "microBatch must be >= 1, got %s", microBatch);
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    plugins = plugins == null ? ImmutableList.of() : ImmutableList.copyOf(plugins);
  }

  /** A setup without plug-ins. */
  public LearnerSetup(String backend, ModelSpec spec, double learningRate, int microBatch, int threads,
      Component correction, PolicyGradientStep.Settings settings) {
    this(backend, spec, learningRate, microBatch, threads, correction, settings, List.of());
  }

  public LearnerSetup withPlugins(List<PluginJar> value) {
    return new LearnerSetup(backend, spec, learningRate, microBatch, threads, correction, settings, value);
  }
}
