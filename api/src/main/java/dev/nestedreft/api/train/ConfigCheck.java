package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.model.ModelPresets;
import io.vavr.collection.List;
import io.vavr.collection.Seq;
import io.vavr.control.Try;
import java.util.function.Supplier;

/**
 * Checks the names a config refers to against what is installed (the model preset, the algorithm preset, its
 * behavior policy and advantage estimator, the correction and their parameters) and formats a config's problems
 * as one message. Each check runs on its own, so a config with three mistakes gets three problems.
 */
public final class ConfigCheck {
  private ConfigCheck() {}

  /** Every problem with the names {@code config} refers to, each after its field's name. */
  public static Seq<String> names(TrainConfig.Builder config, Algorithms algorithms) {
    Seq<String> problems = List.empty();
    if (config.modelDir == null && config.preset != null) {
      problems = problems.appendAll(attempt("preset", () -> ModelPresets.get(config.preset)));
    }
    Try<Algorithm> algorithm = config.algorithm == null ? Try.failure(new IllegalStateException())
        : Try.of(() -> algorithms.preset(config.algorithm).algorithm());
    if (config.algorithm != null && algorithm.isFailure()) {
      problems = problems.append("algorithm: " + algorithm.getCause().getMessage());
    }
    if (algorithm.isSuccess()) {
      Algorithm a = algorithm.get();
      Double fraction = config.skipFraction != null && config.skipFraction >= 0 && config.skipFraction < 1
          ? config.skipFraction : null;
      problems = problems
          .appendAll(attempt("algorithm", () -> algorithms.behavior(a.behavior(),
              AlgorithmChoice.behaviorParams(a, fraction), config.seed)))
          .appendAll(attempt("algorithm", () -> algorithms.advantage(a.advantage(), a.advantageParams())));
      if (config.correction == null) {
        problems = problems.appendAll(attempt("algorithm", () -> checkCorrection(null, a, algorithms)));
      }
    }
    if (config.correction != null) {
      problems = problems.appendAll(attempt("correction", () -> checkCorrection(config.correction,
          algorithm.getOrNull(), algorithms)));
    }
    return problems;
  }

  private static Object checkCorrection(String override, Algorithm algorithm, Algorithms algorithms) {
    Component c = override != null ? Component.parse("correction", override)
        : AlgorithmChoice.correction(null, algorithm);
    return algorithms.correction(c.name(), c.toParams());
  }

  /**
   * Throws when {@code config} refers to a name that is not installed, listing every such problem.
   *
   * @throws dev.nestedreft.spi.InvalidInputException listing the problems
   */
  public static void check(TrainConfig config, Algorithms algorithms) {
    Seq<String> problems = names(config.toBuilder(), algorithms);
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
    return outcome.isSuccess() ? List.empty() : List.of(field + ": " + outcome.getCause().getMessage());
  }
}
