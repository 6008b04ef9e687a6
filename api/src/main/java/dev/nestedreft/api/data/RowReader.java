package dev.nestedreft.api.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.TaskProblem;

/** Turns one parsed row of a dataset into a problem, or says why it cannot. */
@FunctionalInterface
interface RowReader {
  /**
   * The problem of {@code row}, numbered {@code id}.
   *
   * @throws BadRowException when a field is missing, has the wrong type, or holds no extractable answer
   */
  TaskProblem read(ObjectNode row, long id);
}
