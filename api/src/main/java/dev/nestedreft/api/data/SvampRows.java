package dev.nestedreft.api.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.TaskProblem;

/** SVAMP rows: {@code Body} and {@code Question} (joined by a space into the prompt) and the number {@code Answer}. */
final class SvampRows implements RowReader {
  @Override
  public TaskProblem read(ObjectNode row, long id) {
    String body = RowFields.text(row, "Body").strip();
    String question = RowFields.text(row, "Question").strip();
    String reference = RowFields.number(row, "Answer");
    return new TaskProblem(id, body + " " + question, reference, FinalAnswers.withMarker(null, reference));
  }
}
