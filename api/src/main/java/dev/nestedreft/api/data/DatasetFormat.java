package dev.nestedreft.api.data;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The row layouts {@link JsonlLoader} reads, each named as on the command line ({@code --format gsm8k}). */
public enum DatasetFormat {
  /** {@code question}, {@code answer} (a worked solution ending in {@code #### n}). */
  GSM8K(List.of("question", "answer")),
  /** {@code Body}, {@code Question}, {@code Answer} (a number). */
  SVAMP(List.of("Body", "Question", "Answer")),
  /** {@code problem}, {@code solution} (the answer in its last {@code \boxed{...}}). */
  MATH(List.of("problem", "solution")),
  /** Fields named by a {@link FieldMapping}; never detected. */
  GENERIC(List.of());

  private final List<String> fields;

  DatasetFormat(List<String> fields) {
    this.fields = fields;
  }

  /** The lower-case name: {@code gsm8k}, {@code svamp}, {@code math} or {@code generic}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The fields a row of this format must have (none for {@link #GENERIC}). */
  public List<String> fields() {
    return fields;
  }

  /** The format named {@code name} (any case). */
  public static DatasetFormat fromName(String name) {
    for (DatasetFormat f : values()) {
      if (f.id().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return f;
      }
    }
    throw InvalidInputException.of("unknown dataset format '%s'; expected one of %s", name,
        Arrays.stream(values()).map(DatasetFormat::id).toList());
  }

  /**
   * The format whose fields a row with {@code present} fields has: SVAMP, then MATH, then GSM8K, so that a row
   * carrying extra fields still matches. Empty when none matches.
   */
  public static Optional<DatasetFormat> detect(Collection<String> present) {
    for (DatasetFormat f : List.of(SVAMP, MATH, GSM8K)) {
      if (present.containsAll(f.fields)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** How rows of this format become problems; {@code mapping} is used (and required) by {@link #GENERIC} only. */
  RowReader reader(FieldMapping mapping) {
    return switch (this) {
      case GSM8K -> new Gsm8kRows();
      case SVAMP -> new SvampRows();
      case MATH -> new MathRows();
      case GENERIC -> new GenericRows(mapping);
    };
  }
}
