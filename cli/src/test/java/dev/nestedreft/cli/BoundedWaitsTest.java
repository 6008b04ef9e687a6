package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No phase of a run waits unboundedly: connecting to an unreachable Ray cluster fails within
 * {@code ray_connect_timeout_s}, and the first Ctrl-C stops a run while it connects or warms up. Each case runs
 * {@code train} in a child JVM: a connection that never ends keeps Ray's process-wide lock, which must not reach
 * the other tests' JVM.
 */
@Tag("slow")
class BoundedWaitsTest {
  /** An address in a private range that no machine answers: a connection there hangs rather than fails. */
  static final String UNREACHABLE = "10.255.255.1:6379";

  /** Where Ray 2.7.0's CLUSTER-mode driver unpacks its native library, 27 MB a start, and never removes it. */
  static final Path RAY_LIBRARIES = Path.of("/tmp/ray");

  @TempDir Path dir;

  private final Set<Path> rayLibrariesBefore = new HashSet<>();

  @BeforeEach
  void noteRayLibraries() throws IOException {
    rayLibrariesBefore.addAll(numberedDirectories());
  }

  /** Removes the library directories the children's connection attempts left (named by their start time). */
  @AfterEach
  void removeRayLibraries() throws IOException {
    for (Path d : numberedDirectories()) {
      if (!rayLibrariesBefore.contains(d)) {
        MoreFiles.deleteRecursively(d, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }

  private static List<Path> numberedDirectories() throws IOException {
    if (!Files.isDirectory(RAY_LIBRARIES)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(RAY_LIBRARIES)) {
      return entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList();
    }
  }

  private Process start(String name, String... settings) throws IOException {
    List<String> lines = new ArrayList<>(List.of("name: " + name, "steps: 2", "prompts_per_step: 4",
        "samples_per_prompt: 2", "max_new_tokens: 8", "eval_problems: 4", "threads: 1", "micro_batch: 8"));
    lines.addAll(List.of(settings));
    Path config = Files.writeString(dir.resolve(name + ".yaml"), String.join("\n", lines) + "\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(BuildInfo.current().jvmOptions());
    command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), "dev.nestedreft.cli.Main", "train", "--config", config.toString(),
        "--runs", dir.resolve("runs").toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private String log(String name) throws IOException {
    return Files.readString(dir.resolve(name + ".log"));
  }

  /** Waits until the child's log holds {@code text}, failing after {@code seconds}. */
  private void awaitLog(String name, String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!log(name).contains(text)) {
      assertThat(System.nanoTime()).as("'%s' in the log within %d s: %s", text, seconds, log(name))
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void interrupt(Process child) throws Exception {
    new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
  }

  private static void assumeSigintReachesChildren() throws IOException {
    Path status = Path.of("/proc/self/status");
    boolean ignored = false;
    if (Files.exists(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("SigIgn:")) {
          ignored = (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> 1 & 1) == 1;
        }
      }
    }
    Assumptions.assumeFalse(ignored, "SIGINT is ignored in this process (a background job?), so a child cannot "
        + "catch it");
  }

  @Test
  void anUnreachableRayClusterFailsWithinItsTimeoutNamingTheAddress() throws Exception {
    long start = System.nanoTime();
    Process child = start("unreachable", "sft_steps: 0", "ray_address: " + UNREACHABLE,
        "ray_connect_timeout_s: 2");
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exits: %s", log("unreachable")).isTrue();
    } finally {
      child.destroyForcibly();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(child.exitValue()).as(log("unreachable")).isEqualTo(Main.EXIT_ERROR);
    assertThat(log("unreachable")).contains("error: could not connect to the Ray cluster at " + UNREACHABLE
        + " within 2 s (ray_connect_timeout_s)");
    assertThat(seconds).as("seconds, JVM start included").isLessThan(30);
  }

  @Test
  void theFirstCtrlCStopsTheConnection() throws Exception {
    assumeSigintReachesChildren();
    Process child = start("connecting", "sft_steps: 0", "ray_address: " + UNREACHABLE,
        "ray_connect_timeout_s: 600");
    try {
      // config.json is written just before the starting weights and the placement; the connection comes next.
      Path written = dir.resolve("runs/connecting/config.json");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(written)) {
        assertThat(System.nanoTime()).as("config.json within 60 s: %s", log("connecting")).isLessThan(deadline);
        Thread.sleep(50);
      }
      Thread.sleep(1500);
      long interrupted = System.nanoTime();
      interrupt(child);
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("exits after one Ctrl-C: %s", log("connecting")).isTrue();
      assertThat((System.nanoTime() - interrupted) / 1e9).as("seconds after Ctrl-C").isLessThan(10);
    } finally {
      child.destroyForcibly();
    }
    assertThat(log("connecting")).contains("interrupted while connecting to the Ray cluster at " + UNREACHABLE)
        .doesNotContain("error:");
    assertThat(child.exitValue()).as("an interrupted run exits 130 in every phase").isEqualTo(130);
  }

  @Tag("native")
  @Test
  void theFirstCtrlCStopsTheWarmUp() throws Exception {
    assumeSigintReachesChildren();
    Process child = start("warming", "sft_steps: 100000", "sft_batch: 4");
    try {
      awaitLog("warming", "supervised warm-up: 100000 steps", 120);
      Thread.sleep(1000);
      long interrupted = System.nanoTime();
      interrupt(child);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("exits after one Ctrl-C: %s", log("warming")).isTrue();
      assertThat((System.nanoTime() - interrupted) / 1e9).as("seconds after Ctrl-C").isLessThan(30);
    } finally {
      child.destroyForcibly();
    }
    assertThat(log("warming")).contains("interrupted during the supervised warm-up, after step ")
        .contains("of 100000").doesNotContain("error:");
    assertThat(child.exitValue()).as("an interrupted run exits 130 in every phase").isEqualTo(130);
    Path cache = dir.resolve("runs/.sft-cache");
    if (Files.exists(cache)) {
      try (Stream<Path> entries = Files.list(cache)) {
        assertThat(entries.filter(d -> Files.exists(d.resolve("model.safetensors")))).as("no warm-up cached")
            .isEmpty();
      }
    }
    assertThat(dir.resolve("runs/warming/checkpoints")).doesNotExist();
  }
}
