package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.metrics.ScalarWriterProvider;
import java.util.List;

/**
 * The parts of a run chosen by name from what is installed: the learner and rollout backends (the config's, else
 * the best available), the reward, and the metrics writers (the config's, else every available one).
 *
 * @param learnerBackend such as {@code tf}
 * @param rolloutBackend such as {@code onnx}
 * @param reward such as {@code math-answer}
 * @param scalarWriters such as {@code tensorboard}
 */
public record RunParts(String learnerBackend, String rolloutBackend, Component reward, List<String> scalarWriters) {
  public RunParts {
    scalarWriters = List.copyOf(scalarWriters);
  }

  /**
   * The parts {@code config} names, defaults filled from {@code backends}.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when a default is needed and no provider of its kind is
   *     available
   */
  public static RunParts of(TrainConfig config, Backends backends) {
    return new RunParts(
        config.learnerBackend() != null ? config.learnerBackend() : defaultLearnerBackend(backends),
        config.rolloutBackend() != null ? config.rolloutBackend() : defaultRolloutBackend(backends),
        Component.parse("reward", config.reward()),
        config.scalarWriters() != null ? config.scalarWriters()
            : backends.scalarWriters().all().values().stream().filter(ScalarWriterProvider::isAvailable)
                .map(ScalarWriterProvider::name).toList());
  }

  /** The learner backend a config that names none gets. */
  public static String defaultLearnerBackend(Backends backends) {
    return backends.learnerProviders().bestName().orElseThrow(() -> InvalidInputException.of(
        "no learner backend is available here; found: %s", backends.learnerProviders().describe()));
  }

  /** The rollout backend a config (or {@code eval}) that names none gets. */
  public static String defaultRolloutBackend(Backends backends) {
    return backends.rolloutProviders().bestName().orElseThrow(() -> InvalidInputException.of(
        "no rollout backend is available here; found: %s", backends.rolloutProviders().describe()));
  }
}
