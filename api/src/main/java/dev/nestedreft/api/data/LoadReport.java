package dev.nestedreft.api.data;

import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a load did: the format read (given or detected), how many problems it loaded and how many rows it skipped,
 * with the messages ({@code file:line: what was wrong}) of the first {@link #MAX_MESSAGES} skipped rows.
 *
 * @param file the file read
 * @param format the format its rows were read as
 * @param loaded the number of problems loaded
 * @param skipped the number of bad rows skipped (always 0 under {@link OnBadRow#STOP})
 * @param messages the first at most {@link #MAX_MESSAGES} skip messages, in file order
 */
public record LoadReport(Path file, DatasetFormat format, int loaded, int skipped, List<String> messages) {
  /** How many skip messages a report keeps. */
  public static final int MAX_MESSAGES = 5;

  public LoadReport {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    messages = List.copyOf(messages);
    if (loaded < 0 || skipped < 0) {
      throw InvalidInputException.of("load report: counts must be >= 0 (loaded %d, skipped %d)", loaded, skipped);
    }
    if (messages.size() != Math.min(skipped, MAX_MESSAGES)) {
      throw InvalidInputException.of("load report: %d messages for %d skipped rows; expected %d", messages.size(),
          skipped, Math.min(skipped, MAX_MESSAGES));
    }
  }

  /** One line for a log: {@code data.jsonl (gsm8k): 7471 problems, 2 bad rows skipped, first: ...}. */
  public String summary() {
    String head = String.format("%s (%s): %d problems", file, format.id(), loaded);
    return skipped == 0 ? head : head + String.format(", %d bad rows skipped, first: %s", skipped, messages.get(0));
  }
}
