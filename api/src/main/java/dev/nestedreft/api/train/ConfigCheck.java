package dev.nestedreft.api.train;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.contract.Task;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Try;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

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
    problems = problems.appendAll(modelContext(config));
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

  /** The fewest tokens a prompt takes: the bos token and one token of text. */
  static final int SHORTEST_PROMPT = 2;

  /**
   * The model a config starts from: its {@code model_dir}'s {@code config.json}, else its preset.
   *
   * @throws InvalidInputException naming the file or the preset when neither can be read
   */
  public static ModelSpec model(TrainConfig config) {
    return config.modelDir() == null ? ModelPresets.get(config.preset())
        : HfConfig.read(Path.of(config.modelDir()).resolve(ModelDirectory.CONFIG));
  }

  /** Where the model's context comes from, for messages: {@code preset 'tiny'} or the config file. */
  private static String modelSource(String modelDir, String preset) {
    return modelDir == null ? "preset '" + preset + "'" : Path.of(modelDir).resolve(ModelDirectory.CONFIG).toString();
  }

  /**
   * Whether {@code max_new_tokens} leaves room for the shortest prompt in the model's context: a check that needs
   * no task, so every config reader makes it. {@link #context} makes the full one, with the task's longest prompt.
   */
  private static Seq<String> modelContext(TrainConfig.Builder config) {
    Try<ModelSpec> spec;
    if (config.modelDir != null) {
      spec = Try.of(() -> HfConfig.read(Path.of(config.modelDir).resolve(ModelDirectory.CONFIG)));
      if (spec.isFailure()) {
        return Vector.of("model_dir: " + spec.getCause().getMessage());
      }
    } else if (config.preset != null) {
      spec = Try.of(() -> ModelPresets.get(config.preset));
      if (spec.isFailure()) {
        return Vector.empty(); // the preset's own problem is reported by names()
      }
    } else {
      return Vector.empty();
    }
    int context = spec.get().maxPositionEmbeddings();
    if (config.maxNewTokens > 0 && (long) config.maxNewTokens + SHORTEST_PROMPT > context) {
      return Vector.of(String.format("max_new_tokens %d leaves no room for a prompt in the model's context: "
          + "max_position_embeddings is %d (%s), and a prompt takes at least %d tokens (bos and one more)",
          config.maxNewTokens, context, modelSource(config.modelDir, config.preset), SHORTEST_PROMPT));
    }
    return Vector.empty();
  }

  /**
   * Every problem of {@code config} with the task a run gives it and the model it starts from, before any work:
   * {@code max_new_tokens} plus the task's longest prompt (with bos, as {@code promptTokens} measures it) must fit
   * the model's context ({@code max_position_embeddings}), and {@code eval_problems} must be within the task's
   * held-out problems (at most half of them for the validation split). A measure the task cannot give is not
   * checked here; a JSONL dataset checks each row's prompt when it is loaded, as a bad row.
   *
   * @param spec the model the run starts from ({@link #model})
   * @param promptTokens the tokens a prompt text takes, bos included
   */
  public static Seq<String> context(TrainConfig config, ModelSpec spec, Task task, ToIntFunction<String> promptTokens) {
    Seq<String> problems = Vector.empty();
    int context = spec.maxPositionEmbeddings();
    OptionalInt longest = task.longestPrompt(promptTokens);
    if (longest.isPresent() && (long) config.maxNewTokens() + longest.getAsInt() > context) {
      problems = problems.append(String.format("max_new_tokens %d + the longest prompt of %s (%d tokens) = %d "
          + "exceeds the model's context: max_position_embeddings is %d (%s); at most %d new tokens fit",
          config.maxNewTokens(), task.name(), longest.getAsInt(), config.maxNewTokens() + longest.getAsInt(),
          context, modelSource(config.modelDir(), config.preset()), Math.max(0, context - longest.getAsInt())));
    }
    OptionalInt heldOut = task.heldOutCount();
    if (heldOut.isPresent()) {
      int most = config.evalSplit() == EvalSplit.VALIDATION ? heldOut.getAsInt() / 2 : heldOut.getAsInt();
      if (config.evalProblems() > most) {
        problems = problems.append(String.format("eval_problems %d exceeds the %s: %s has %d held-out problems%s",
            config.evalProblems(), config.evalSplit() == EvalSplit.VALIDATION ? "validation set's size"
                : "test set's size", task.name(), heldOut.getAsInt(), config.evalSplit() == EvalSplit.VALIDATION
                ? ", and a validation set takes at most half, " + most : ""));
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
