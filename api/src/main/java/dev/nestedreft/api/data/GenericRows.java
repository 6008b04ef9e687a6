package dev.nestedreft.api.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.TaskProblem;
import java.util.function.Supplier;

/**
 * Rows read through a {@link FieldMapping}. The answer field is a number (written without trailing zeros) or a
 * string: the text after its last {@code ####} when it has one, else the content of its last {@code \boxed{}},
 * else the whole string, trimmed.
 */
final class GenericRows implements RowReader {
  private final FieldMapping fields;

  GenericRows(FieldMapping fields) {
    this.fields = fields;
  }

  @Override
  public TaskProblem read(ObjectNode row, long id) {
    String prompt = mapped(() -> RowFields.text(row, fields.prompt()), "prompt");
    String reference = mapped(() -> answer(row), "answer");
    String solution = fields.solutionField().map(f -> mapped(() -> RowFields.text(row, f), "solution")).orElse(null);
    return new TaskProblem(id, prompt, reference, FinalAnswers.withMarker(solution, reference));
  }

  private String answer(ObjectNode row) {
    JsonNode node = RowFields.require(row, fields.answer());
    if (node.isNumber()) {
      return RowFields.number(row, fields.answer());
    }
    if (!node.isTextual()) {
      throw BadRowException.of("field '%s' must be a string or a number, not %s", fields.answer(),
          RowFields.type(node));
    }
    String text = RowFields.text(row, fields.answer());
    return FinalAnswers.afterHash(text).or(() -> FinalAnswers.lastBoxed(text)).orElse(text.strip());
  }

  /** Runs {@code read}, adding to a failure which mapping entry named the field. */
  private String mapped(Supplier<String> read, String role) {
    try {
      return read.get();
    } catch (BadRowException e) {
      throw BadRowException.of("%s (mapped by %s)", e.getMessage(), fields.entry(role));
    }
  }
}
