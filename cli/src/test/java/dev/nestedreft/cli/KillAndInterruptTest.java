package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.api.train.Checkpoints;
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

/** A training JVM killed mid-step leaves its last checkpoint loadable; SIGINT writes a final one and exits. */
@Tag("native")
@Tag("slow")
class KillAndInterruptTest {
  @TempDir Path dir;

  private Process start(String name) throws IOException {
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
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile())
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

  @Test
  void sigkillMidStepLeavesTheLastCheckpointLoadable() throws Exception {
    Process child = start("killed");
    try {
      waitForCheckpoint("killed", 3);
      Thread.sleep(150); // inside a later step (or writing its checkpoint)
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
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
    String log = Files.readString(dir.resolve("interrupted.log"));
    assertThat(log).contains("interrupted after");
    Checkpoints checkpoints = new Checkpoints(dir.resolve("runs/interrupted/checkpoints"), 2);
    Checkpoints.State state = Checkpoints.readState(checkpoints.latest().orElseThrow());
    long logged = Files.readAllLines(dir.resolve("runs/interrupted/metrics.jsonl")).stream()
        .filter(l -> !l.isBlank()).count();
    assertThat(state.step()).isEqualTo(logged).isGreaterThanOrEqualTo(2).isLessThan(200);
  }
}
