package dev.nestedreft.api.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.TaskProblem;

/** GSM8K rows: {@code question}, and {@code answer}, a worked solution ending in {@code #### n}. */
final class Gsm8kRows implements RowReader {
  @Override
  public TaskProblem read(ObjectNode row, long id) {
    String question = RowFields.text(row, "question");
    String answer = RowFields.text(row, "answer");
    String reference = FinalAnswers.afterHash(answer)
        .orElseThrow(() -> BadRowException.of("field 'answer' has no final answer after '####'"));
    return new TaskProblem(id, question, reference, answer);
  }
}
