package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.api.train.Checkpoints;
import dev.nestedreft.api.train.RunLock;
import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training JVM killed mid-step leaves its last checkpoint loadable and its lock to be taken over; a second writer
 * is refused while it runs; SIGINT and SIGTERM write a final checkpoint and exit with 130 and 143.
 */
@Tag("native")
@Tag("slow")
class KillAndInterruptTest {
  @TempDir Path dir;

  private Process start(String name) throws IOException {
    return startLogged(name, name);
  }

  /** Starts {@code train} on the run {@code name} in a child JVM, its output in {@code <log>.log}. */
  private Process startLogged(String name, String log, String... more) throws IOException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, String.join("\n", "name: " + name, "steps: 200", "prompts_per_step: 4",
        "samples_per_prompt: 2", "max_new_tokens: 8", "sft_steps: 2", "sft_batch: 4", "eval_problems: 4",
        "checkpoint_every: 1", "keep_checkpoints: 2", "threads: 1", "micro_batch: 8", ""));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(BuildInfo.current().jvmOptions());
    command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), "dev.nestedreft.cli.Main", "train", "--config", config.toString(),
        "--runs", dir.resolve("runs").toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log + ".log").toFile())
        .start();
  }

  private Path waitForCheckpoint(String name, int step) throws InterruptedException {
    Path target = dir.resolve("runs").resolve(name).resolve("checkpoints").resolve(String.format("step-%06d", step));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!Files.exists(target.resolve(Checkpoints.STATE))) {
      assertThat(System.nanoTime()).as("checkpoint %s within 180 s", target).isLessThan(deadline);
      Thread.sleep(50);
    }
    return target;
  }

  /**
   * While a run trains, a second process on the same run is refused, naming the first; after SIGKILL, the last
   * checkpoint loads, and the dead process's lock is taken over with a warning.
   */
  @Test
  void sigkillMidStepLeavesTheLastCheckpointLoadable() throws Exception {
    Process child = start("killed");
    try {
      waitForCheckpoint("killed", 3);
      Process second = startLogged("killed", "second", "--resume");
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second writer gives up").isTrue();
      assertThat(second.exitValue()).isEqualTo(Main.EXIT_ERROR);
      assertThat(Files.readString(dir.resolve("second.log")))
          .contains("error: " + dir.resolve("runs/killed") + " is in use by process " + child.pid());
      child.destroyForcibly(); // SIGKILL, inside a later step (or writing its checkpoint)
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    List<String> warnings = new ArrayList<>();
    try (RunLock lock = RunLock.acquire(dir.resolve("runs/killed"), warnings::add)) {
      assertThat(warnings).singleElement().asString().contains("taking over the lock of process " + child.pid());
    }
    Checkpoints checkpoints = new Checkpoints(dir.resolve("runs/killed/checkpoints"), 2);
    Path latest = checkpoints.latest().orElseThrow();
    Checkpoints.State state = Checkpoints.readState(latest);
    assertThat(state.step()).isGreaterThanOrEqualTo(3);
    try (BufferAllocator allocator = new RootAllocator();
        LoadedModel model = ModelDirectory.read(latest, allocator)) {
      assertThat(model.weights().size()).isPositive();
      assertThat(SafetensorsReader.header(latest.resolve(Checkpoints.OPTIMIZER)).metadata())
          .containsEntry("optimizer_step", Long.toString(state.step()));
    }
  }

  /**
   * Whether this JVM (and so a child it starts) inherited {@code signal} as ignored, from {@code /proc/self/status}.
   * A shell starts background jobs with SIGINT ignored, and the JVM then cannot handle it: the run goes on, which is
   * what {@code nohup ... &} asks for.
   */
  private static boolean inheritedAsIgnored(int signal) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> (signal - 1) & 1) == 1;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"INT, 2", "TERM, 15"})
  void aSignalWritesAFinalCheckpointAndExits(String signal, int number) throws Exception {
    Assumptions.assumeFalse(inheritedAsIgnored(number),
        () -> "SIG" + signal + " is ignored in this process (a background job?), so a child cannot catch it");
    Process child = start("interrupted");
    try {
      waitForCheckpoint("interrupted", 2);
      new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor();
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("exits after SIG%s", signal).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as("128 + SIG%s's number, not a finished run's 0", signal)
        .isEqualTo(Main.EXIT_SIGNAL_BASE + number);
    String log = Files.readString(dir.resolve("interrupted.log"));
    assertThat(log).contains("interrupted after");
    Checkpoints checkpoints = new Checkpoints(dir.resolve("runs/interrupted/checkpoints"), 2);
    Checkpoints.State state = Checkpoints.readState(checkpoints.latest().orElseThrow());
    long logged = Files.readAllLines(dir.resolve("runs/interrupted/metrics.jsonl")).stream()
        .filter(l -> !l.isBlank()).count();
    assertThat(state.step()).isEqualTo(logged).isGreaterThanOrEqualTo(2).isLessThan(200);
  }
}
