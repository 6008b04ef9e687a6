package dev.nestedreft.api.data;

import dev.nestedreft.spi.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which fields of a generic JSONL row hold the prompt, the answer and (optionally) a worked solution, as written
 * on the command line: {@code prompt=question,answer=final} or {@code prompt=q,answer=a,solution=steps}.
 *
 * @param prompt the field holding the prompt text
 * @param answer the field holding the final answer (a number, or a string; see {@link JsonlLoader})
 * @param solution the field holding a worked solution, or {@code null} for none
 */
public record FieldMapping(String prompt, String answer, String solution) {
  public FieldMapping {
    requireName("prompt", prompt);
    requireName("answer", answer);
    if (solution != null) {
      requireName("solution", solution);
    }
  }

  /** A mapping without a solution field. */
  public static FieldMapping of(String prompt, String answer) {
    return new FieldMapping(prompt, answer, null);
  }

  /**
   * Parses {@code prompt=F,answer=G[,solution=H]} (entries in any order, blanks around names ignored).
   *
   * @throws InvalidInputException naming the entry that is malformed, unknown, repeated or missing
   */
  public static FieldMapping parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw InvalidInputException.of("--fields is empty; expected prompt=FIELD,answer=FIELD[,solution=FIELD]");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (String entry : spec.split(",", -1)) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw InvalidInputException.of("--fields entry '%s' is not key=field (in '%s')", entry.strip(), spec);
      }
      String key = entry.substring(0, eq).strip();
      String field = entry.substring(eq + 1).strip();
      if (!key.equals("prompt") && !key.equals("answer") && !key.equals("solution")) {
        throw InvalidInputException.of("--fields key '%s' is unknown; expected prompt, answer or solution", key);
      }
      if (entries.put(key, field) != null) {
        throw InvalidInputException.of("--fields names '%s' twice (in '%s')", key, spec);
      }
    }
    for (String key : new String[] {"prompt", "answer"}) {
      if (!entries.containsKey(key)) {
        throw InvalidInputException.of("--fields '%s' has no %s=FIELD entry", spec, key);
      }
    }
    return new FieldMapping(entries.get("prompt"), entries.get("answer"), entries.get("solution"));
  }

  /** The solution field, when one is mapped. */
  public Optional<String> solutionField() {
    return Optional.ofNullable(solution);
  }

  /** The entry for {@code role} as written on the command line, e.g. {@code answer=final}. */
  String entry(String role) {
    return role + "=" + switch (role) {
      case "prompt" -> prompt;
      case "answer" -> answer;
      default -> solution;
    };
  }

  @Override
  public String toString() {
    return entry("prompt") + "," + entry("answer") + (solution == null ? "" : "," + entry("solution"));
  }

  private static void requireName(String role, String field) {
    if (field == null || field.isBlank()) {
      throw InvalidInputException.of("--fields: the %s field name must not be empty", role);
    }
  }
}
