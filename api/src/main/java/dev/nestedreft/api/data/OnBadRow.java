package dev.nestedreft.api.data;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Locale;

/** What a load does with a bad row (malformed JSON, a missing or wrong-typed field, no extractable answer). */
public enum OnBadRow {
  /** Throw an {@link InvalidInputException} naming the file, the line and what was wrong (the default). */
  STOP,
  /** Leave the row out, count it and keep its message in the {@link LoadReport}. */
  SKIP;

  /** The policy named {@code name} ({@code stop} or {@code skip}, any case). */
  public static OnBadRow fromName(String name) {
    for (OnBadRow p : values()) {
      if (p.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return p;
      }
    }
    throw InvalidInputException.of("unknown bad-row policy '%s'; expected stop or skip", name);
  }

  /** The lower-case name, as written on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
