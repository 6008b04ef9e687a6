package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without one of the project's options (as a library user's might be) stops at once with a one-line
 * error naming it, instead of dying inside Ray; and it leaves no Ray session directory behind.
 */
class MissingJvmOptionsTest {
  @TempDir Path dir;

  @Test
  void aRunWithoutAnOptionStopsNamingIt() throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(BuildInfo.current().jvmOptions());
    String dropped = "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED";
    assertThat(options.remove(dropped)).isTrue();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), "dev.nestedreft.cli.Main", "train", "--runs",
        dir.resolve("runs").toString()));
    Path log = dir.resolve("out.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the run stops at once").isTrue();
    assertThat(child.exitValue()).isEqualTo(Main.EXIT_ERROR);
    List<String> errors = Files.readAllLines(log).stream().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("needs the JVM option " + dropped);
    try (var left = Files.list(tmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("nested-reft-ray-")))
          .as("Ray session directories left").isEmpty();
    }
  }
}
