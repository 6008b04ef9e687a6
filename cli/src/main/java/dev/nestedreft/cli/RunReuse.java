package dev.nestedreft.cli;

import dev.nestedreft.api.train.ConfigDiff;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainConfigReader;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether {@code compare --reuse-finished} may take a run directory as it is instead of training the run again: the
 * run finished ({@code summary.json} has {@code accuracy_after}) and the config it recorded ({@code config.json},
 * read back as {@code train --config} reads it, so its {@code provenance} is ignored and fields it predates take
 * their defaults) equals, field by field, the config compare would run.
 */
final class RunReuse {
  private RunReuse() {}

  /**
   * The decision and its reason, for the line compare prints.
   *
   * @param reuse take the run as it is
   * @param reason why, in a few words
   */
  record Decision(boolean reuse, String reason) {}

  static Decision decide(Path dir, TrainConfig wanted) {
    if (!Files.isDirectory(dir)) {
      return new Decision(false, "no run directory");
    }
    if (new RunDirectory(dir).summaryNumber("accuracy_after").isEmpty()) {
      return new Decision(false, "not finished (no accuracy_after in summary.json)");
    }
    Path config = dir.resolve(RunDirectory.CONFIG);
    if (!Files.exists(config)) {
      return new Decision(false, "no config.json");
    }
    TrainConfig recorded;
    try {
      recorded = TrainConfigReader.read(config);
    } catch (InvalidInputException e) {
      return new Decision(false, "its config.json cannot be read back: " + e.getMessage());
    }
    List<String> differences = differences(recorded, wanted);
    return differences.isEmpty() ? new Decision(true, "finished, with the same config")
        : new Decision(false, "its config differs: " + String.join(", ", differences));
  }

  /** {@code steps 2 (now 3)} for every field whose value differs, in table order. */
  static List<String> differences(TrainConfig recorded, TrainConfig wanted) {
    return ConfigDiff.between(recorded, wanted).stream()
        .map(c -> c.field() + " " + c.was() + " (now " + c.now() + ")").toList();
  }
}
