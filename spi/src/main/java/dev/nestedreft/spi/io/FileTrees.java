package dev.nestedreft.spi.io;

import dev.nestedreft.spi.NestedReftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a directory tree (runs, checkpoints, temporary directories). */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code root} and everything under it; nothing happens when it does not exist. */
  public static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new NestedReftException(root + ": cannot delete: " + e.getMessage(), e);
    }
  }
}
