package dev.nestedreft.cli;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Nothing overwritten without being asked: a command that writes into a folder or file the user names
 * ({@code init --out}, {@code export-onnx --out}, {@code probe-layers --out}) checks it before any work and refuses a
 * folder that is not empty, or a file that exists, unless given {@code --force}.
 */
final class OutputTarget {
  /** The most entries an error lists. */
  private static final int LISTED = 6;

  private OutputTarget() {}

  /**
   * Refuses {@code dir} when it exists and holds anything, unless {@code force}.
   *
   * @param option the option that named it, for the message
   * @throws InvalidInputException naming the folder and a few of its entries
   */
  static void checkFolder(String option, Path dir, boolean force) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw InvalidInputException.of("%s %s: is a file, not a folder", option, dir);
    }
    if (force || !Files.isDirectory(dir)) {
      return;
    }
    List<String> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot list it: " + e.getMessage(), e);
    }
    if (!entries.isEmpty()) {
      String shown = entries.size() > LISTED ? String.join(", ", entries.subList(0, LISTED)) + ", ..."
          : String.join(", ", entries);
      throw InvalidInputException.of("%s %s: the folder is not empty (%s); pass --force to write into it anyway",
          option, dir, shown);
    }
  }

  /**
   * Refuses {@code file} when it exists, unless {@code force}; always refuses a folder in its place.
   *
   * @throws InvalidInputException naming the file
   */
  static void checkFile(String option, Path file, boolean force) {
    if (Files.isDirectory(file)) {
      throw InvalidInputException.of("%s %s: is a folder; give the file to write", option, file);
    }
    if (!force && Files.exists(file)) {
      throw InvalidInputException.of("%s %s: the file exists; pass --force to replace it", option, file);
    }
  }
}
