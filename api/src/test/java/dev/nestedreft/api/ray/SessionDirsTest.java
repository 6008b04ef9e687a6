package dev.nestedreft.api.ray;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDirsTest {
  @Test
  void removesTheDirectoriesOfDeadProcessesOnly(@TempDir Path tmp) throws IOException, InterruptedException {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path dead = Files.createDirectories(tmp.resolve(SessionDirs.PREFIX + finished.pid() + "-123"));
    Files.writeString(dead.resolve("libray.so"), "x");
    Path mine = Files.createDirectories(tmp.resolve(SessionDirs.PREFIX + ProcessHandle.current().pid() + "-456"));
    Path other = Files.createDirectories(tmp.resolve("nested-reft-something-else"));
    assertThat(SessionDirs.removeStale(tmp)).isEqualTo(1);
    assertThat(dead).doesNotExist();
    assertThat(mine).isDirectory();
    assertThat(other).isDirectory();
  }
}
