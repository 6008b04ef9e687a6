package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.model.ModelPresets;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Try;
import java.util.function.Supplier;

/**
 * Checks the names a config refers to against what is installed (the model preset; the algorithm preset; the
 * behavior policy, correction, advantage estimator and reward with their parameters; the backends and metrics
 * writers) and formats a config's problems as one message. Each check runs on its own, so a config with three
 * mistakes gets three problems.
 */
public final class ConfigCheck {
  private ConfigCheck() {}

  /**
   * Every problem with the names {@code config} refers to, each after its field's name.
   *
   * @param backends what backends are installed; null: the backend names are not checked
   */
  public static Seq<String> names(TrainConfig.Builder config, Algorithms algorithms, Backends backends) {
    Seq<String> problems = Vector.empty();
    if (config.modelDir == null && config.preset != null) {
      problems = problems.appendAll(attempt("preset", () -> ModelPresets.get(config.preset)));
    }
    Try<Algorithm> algorithm = config.algorithm == null ? Try.failure(new IllegalStateException())
        : Try.of(() -> algorithms.preset(config.algorithm).algorithm());
    if (config.algorithm != null && algorithm.isFailure()) {
      problems = problems.append("algorithm: " + algorithm.getCause().getMessage());
    }
    if (algorithm.isSuccess() || config.behavior != null) {
      Double fraction = config.skipFraction != null && config.skipFraction >= 0 && config.skipFraction < 1
          ? config.skipFraction : null;
      problems = problems.appendAll(attempt(config.behavior != null ? "behavior" : "algorithm", () -> {
        Component c = AlgorithmChoice.behavior(config.behavior, fraction, algorithm.getOrNull());
        return algorithms.behavior(c.name(), c.toParams(), config.seed);
      }));
    }
    if (algorithm.isSuccess() || config.correction != null) {
      problems = problems.appendAll(attempt(config.correction != null ? "correction" : "algorithm", () -> {
        Component c = AlgorithmChoice.correction(config.correction, algorithm.getOrNull());
        return algorithms.correction(c.name(), c.toParams());
      }));
    }
    if (algorithm.isSuccess() || config.advantage != null) {
      problems = problems.appendAll(attempt(config.advantage != null ? "advantage" : "algorithm", () -> {
        Component c = AlgorithmChoice.advantage(config.advantage, algorithm.getOrNull());
        return algorithms.advantage(c.name(), c.toParams());
      }));
    }
    if (config.reward != null && !config.reward.isBlank()) {
      problems = problems.appendAll(attempt("reward", () -> {
        Component c = Component.parse("reward", config.reward);
        return algorithms.reward(c.name(), c.toParams());
      }));
    }
    if (backends != null) {
      if (config.learnerBackend != null) {
        problems = problems.appendAll(attempt("learner_backend",
            () -> backends.learnerProviders().select(config.learnerBackend)));
      }
      if (config.rolloutBackend != null) {
        problems = problems.appendAll(attempt("rollout_backend",
            () -> backends.rolloutProviders().select(config.rolloutBackend)));
      }
      if (config.scalarWriters != null) {
        for (String writer : config.scalarWriters) {
          problems = problems.appendAll(attempt("scalar_writers", () -> backends.scalarWriters().select(writer)));
        }
      }
    }
    return problems;
  }

  /**
   * Throws when {@code config} refers to a name that is not installed, listing every such problem.
   *
   * @throws InvalidInputException listing the problems
   */
  public static void check(TrainConfig config, Algorithms algorithms, Backends backends) {
    Seq<String> problems = names(config.toBuilder(), algorithms, backends);
    if (!problems.isEmpty()) {
      throw new InvalidInputException("config '" + config.name() + "': " + describe(problems));
    }
  }

  /** One problem as it is; several as a count and one per line. */
  public static String describe(Seq<String> problems) {
    if (problems.size() == 1) {
      return problems.head();
    }
    return problems.size() + " problems:\n  - " + problems.mkString("\n  - ");
  }

  private static Seq<String> attempt(String field, Supplier<?> check) {
    Try<?> outcome = Try.ofSupplier(check);
    return outcome.isSuccess() ? Vector.empty() : Vector.of(field + ": " + outcome.getCause().getMessage());
  }
}
