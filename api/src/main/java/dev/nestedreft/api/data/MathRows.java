package dev.nestedreft.api.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.TaskProblem;

/** MATH rows: {@code problem}, and {@code solution}, whose last {@code \boxed{...}} holds the answer. */
final class MathRows implements RowReader {
  @Override
  public TaskProblem read(ObjectNode row, long id) {
    String problem = RowFields.text(row, "problem");
    String solution = RowFields.text(row, "solution");
    String reference = FinalAnswers.lastBoxed(solution)
        .orElseThrow(() -> BadRowException.of("field 'solution' has no \\boxed{...} answer"));
    return new TaskProblem(id, problem, reference, FinalAnswers.withMarker(solution, reference));
  }
}
