package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a run starts in its (locked) directory, before any work: stale temporary checkpoint directories are removed;
 * a fresh run refuses a directory that already has checkpoints; a resumed run needs a checkpoint, takes the newest
 * one that reads back ({@link Checkpoints#verify}), falling back to an older one with a warning, and refuses a config
 * that differs from the run's own in any field but those of {@link #MAY_CHANGE_ON_RESUME}.
 */
final class RunStart {
  /**
   * The fields that {@code --resume} may change, because none changes what the steps compute: {@code steps} (nothing
   * in a step depends on the total; the learning rate is constant), {@code eval_every}, {@code checkpoint_every} and
   * {@code keep_checkpoints} (evaluations and checkpoints read the weights and change nothing), and where and how the
   * same computation runs: {@code threads} (its default is the machine's core count; a different count may change
   * the last bits of a sum, so an exact resume keeps it), {@code ray_address} and {@code ray_connect_timeout_s}.
   * docs/RELIABILITY.md says the same.
   */
  static final List<String> MAY_CHANGE_ON_RESUME = List.of("steps", "eval_every", "checkpoint_every",
      "keep_checkpoints", "threads", "ray_address", "ray_connect_timeout_s");

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunStart() {}

  /**
   * Refuses to resume a run whose directory does not exist, before anything (the lock included) creates it.
   *
   * @throws NestedReftException naming the directory
   */
  static void checkExists(RunDirectory run, boolean resume) {
    if (resume && !Files.isDirectory(run.path())) {
      throw NestedReftException.of("%s: no run to resume (the directory does not exist); check --runs and the "
          + "config's name, or start the run without --resume", run.path());
    }
  }

  /**
   * Prepares {@code run} for {@code config}; the caller holds the run's {@link RunLock}.
   *
   * @return the checkpoint to resume from; empty for a fresh run
   * @throws NestedReftException when a fresh run's directory has checkpoints, or a resumed run has no readable one
   * @throws InvalidInputException when a resumed run's config changes a field that may not change
   */
  static Optional<Path> prepare(RunDirectory run, Checkpoints checkpoints, TrainConfig config, boolean resume,
      TrainingRun.Listener listener) {
    for (Path stale : checkpoints.removeStaleTemporaries()) {
      listener.phase("removed " + stale + ", left by a checkpoint write that did not finish");
    }
    if (!resume) {
      if (checkpoints.latest().isPresent()) {
        throw NestedReftException.of("%s already has checkpoints; pass --resume to continue it, or start a new run "
            + "under another name (the config's name field) or another --runs folder", run.path());
      }
      return Optional.empty();
    }
    List<Path> candidates = checkpoints.candidates();
    if (candidates.isEmpty()) {
      throw NestedReftException.of("%s: no checkpoint to resume from (nothing in %s); start the run without "
          + "--resume", run.path(), checkpoints.directory());
    }
    List<String> unreadable = new ArrayList<>();
    for (Path candidate : candidates) {
      Checkpoints.State state;
      try {
        state = Checkpoints.verify(candidate);
      } catch (NestedReftException e) {
        unreadable.add(e.getMessage());
        listener.phase("warning: cannot resume from " + candidate + ": " + e.getMessage() + "; trying the "
            + "checkpoint before it");
        continue;
      }
      checkUnchanged(stored(run, candidate, state), config, run.path(), listener);
      return Optional.of(candidate);
    }
    throw NestedReftException.of("%s: no checkpoint can be resumed from:\n  - %s", run.path(),
        String.join("\n  - ", unreadable));
  }

  /** The config the run was started with: the checkpoint's own, or the run's {@code config.json} for an old one. */
  private static Optional<TrainConfig> stored(RunDirectory run, Path checkpoint, Checkpoints.State state) {
    JsonNode tree = state.config();
    String source = checkpoint.resolve(Checkpoints.STATE) + " (its config)";
    Path file = run.path().resolve(RunDirectory.CONFIG);
    if (tree == null && Files.exists(file)) {
      try {
        tree = ((ObjectNode) JSON.readTree(file.toFile())).without(ConfigFields.PROVENANCE);
        source = file.toString();
      } catch (IOException | ClassCastException e) {
        throw new InvalidInputException(file + ": cannot read the run's config to compare it: " + e.getMessage(),
            e);
      }
    }
    return tree == null ? Optional.empty()
        : Optional.of(TrainConfigReader.fromTree(tree, source, TrainConfig.demo()));
  }

  private static void checkUnchanged(Optional<TrainConfig> stored, TrainConfig config, Path dir,
      TrainingRun.Listener listener) {
    if (stored.isEmpty()) {
      listener.phase("warning: " + dir + " records no config to compare with; resuming with the one given");
      return;
    }
    List<ConfigDiff.Change> changes = ConfigDiff.between(stored.get(), config);
    List<String> refused = changes.stream().filter(c -> !MAY_CHANGE_ON_RESUME.contains(c.field()))
        .map(ConfigDiff.Change::describe).toList();
    if (!refused.isEmpty()) {
      throw InvalidInputException.of("--resume would change %s's settings: %s. A resumed run keeps the settings it "
          + "started with; only %s may change. Resume with the run's own config (%s), or start a new run under "
          + "another name", dir, String.join(", ", refused), String.join(", ", MAY_CHANGE_ON_RESUME),
          dir.resolve(RunDirectory.CONFIG));
    }
    if (!changes.isEmpty()) {
      listener.phase("resuming with " + String.join(", ", changes.stream().map(ConfigDiff.Change::describe)
          .toList()));
    }
  }
}
