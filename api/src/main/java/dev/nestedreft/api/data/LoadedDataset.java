package dev.nestedreft.api.data;

import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The problems of one file, numbered 0, 1, ... in file order, and the report of the load.
 *
 * @param problems the problems loaded
 * @param report what the load did
 */
public record LoadedDataset(List<TaskProblem> problems, LoadReport report) {
  public LoadedDataset {
    problems = List.copyOf(problems);
    Objects.requireNonNull(report, "report");
    if (problems.size() != report.loaded()) {
      throw InvalidInputException.of("loaded dataset: %d problems but the report says %d", problems.size(),
          report.loaded());
    }
  }
}
