package dev.nestedreft.api.ray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary session directories {@link RayRuntime} gives Ray's LOCAL mode (Ray extracts its 27 MB native library
 * into one): {@code nested-reft-ray-<pid>-<random>} in the temporary directory. Each start first removes the
 * directories of processes that no longer run, so even a killed run's directory does not stay for long.
 */
final class SessionDirs {
  static final String PREFIX = "nested-reft-ray-";
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

  private SessionDirs() {}

  /** Removes the directories of dead processes, then creates this process's. */
  static Path create() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    removeStale(tmp);
    try {
      return Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Ray's session directory in " + tmp, e);
    }
  }

  /** Deletes every {@code nested-reft-ray-<pid>-*} directory in {@code dir} whose process is not alive. */
  static int removeStale(Path dir) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path entry : entries) {
        Matcher m = NAME.matcher(entry.getFileName().toString());
        if (m.matches() && Files.isDirectory(entry) && !alive(m.group(1))) {
          RayRuntime.deleteQuietly(entry);
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Another process's files, or an unreadable temporary directory: not worth failing a start for.
    }
    return removed;
  }

  private static boolean alive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
