package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.spi.NestedReftException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run: the run directory's lock, who holds it, and a stale lock taken over. */
class RunLockTest {
  @TempDir Path dir;

  private final long self = ProcessHandle.current().pid();

  @Test
  void aSecondWriterInThisProcessIsToldWhoHoldsTheDirectory() throws IOException {
    Path run = dir.resolve("runs/a");
    List<String> warnings = new ArrayList<>();
    try (RunLock lock = RunLock.acquire(run, warnings::add)) {
      assertThat(lock.holder().pid()).isEqualTo(self);
      assertThatThrownBy(() -> RunLock.acquire(run, warnings::add))
          .isInstanceOf(NestedReftException.class)
          .hasMessageContaining(run + " is in use by process " + self + " on host " + lock.holder().host())
          .hasMessageContaining("since " + lock.holder().since())
          .hasMessageContaining("wait for it to finish or stop it");
      // The same directory spelled another way is the same lock.
      assertThatThrownBy(() -> RunLock.acquire(dir.resolve("runs/../runs/a"), warnings::add))
          .hasMessageContaining("is in use by process " + self);
    }
    assertThat(run.resolve(RunLock.FILE)).isEmptyFile(); // a clean release leaves no holder behind
    try (RunLock again = RunLock.acquire(run, warnings::add)) {
      assertThat(again.holder().pid()).isEqualTo(self);
    }
    assertThat(warnings).isEmpty();
  }

  /**
   * A lock file naming a holder that nobody locks was left by a process that ended without releasing it (kill -9):
   * it is taken over, and the warning names the old holder.
   */
  @Test
  void aLockFileThatNobodyHoldsIsTakenOverWithAWarning() throws IOException {
    Path run = dir.resolve("crashed");
    Files.createDirectories(run);
    Files.writeString(run.resolve(RunLock.FILE),
        "{\"pid\":999999,\"host\":\"elsewhere\",\"since\":\"2026-01-02T03:04:05Z\"}\n");
    List<String> warnings = new ArrayList<>();
    try (RunLock lock = RunLock.acquire(run, warnings::add)) {
      assertThat(warnings).singleElement().asString()
          .contains(run + ": taking over the lock of process 999999 on host elsewhere since 2026-01-02T03:04:05Z")
          .contains("ended without releasing it");
    }
  }

  @Test
  void anotherProcessIsNamedWhileItHoldsTheLockAndItsLockIsTakenOverAfterSigkill() throws Exception {
    Path run = dir.resolve("shared");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        RunLockHolder.class.getName(), run.toString());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> RunLock.acquire(run, w -> { }))
          .isInstanceOf(NestedReftException.class)
          .hasMessageContaining(run + " is in use by process " + child.pid() + " on host " + RunLock.hostName());
      child.destroyForcibly(); // SIGKILL: the process cannot release anything, the OS drops its lock
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    List<String> warnings = new ArrayList<>();
    try (RunLock lock = RunLock.acquire(run, warnings::add)) {
      assertThat(warnings).singleElement().asString()
          .contains("taking over the lock of process " + child.pid());
    }
  }

  @Test
  void emptyingADirectoryKeepsItsLockFileAndWaitsForNoOne() throws IOException {
    Path run = dir.resolve("demo");
    Files.createDirectories(run.resolve("checkpoints/step-000001"));
    Files.writeString(run.resolve("metrics.jsonl"), "{}\n");
    try (RunLock lock = RunLock.acquire(run, w -> { })) {
      assertThatThrownBy(() -> RunLock.emptyDirectory(run, w -> { })).hasMessageContaining("is in use");
      assertThat(run.resolve("metrics.jsonl")).exists();
    }
    RunLock.emptyDirectory(run, w -> { });
    try (Stream<Path> left = Files.list(run)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(RunLock.FILE);
    }
    RunLock.emptyDirectory(dir.resolve("absent"), w -> { });
    assertThat(dir.resolve("absent")).doesNotExist();
  }

  /** A run whose directory another writer holds stops before any work: no warm-up, nothing written. */
  @Test
  void aRunInALockedDirectoryStopsBeforeAnyWork() throws IOException {
    Path runs = dir.resolve("runs");
    TrainConfig config = TrainingRunTest.small("busy", 2);
    try (RunLock lock = RunLock.acquire(runs.resolve("busy"), w -> { })) {
      assertThatThrownBy(() -> TrainingRun.run(config, BuiltInTask.environment(config, runs), false,
          new AtomicBoolean(), new TrainingRun.Listener() {}))
          .isInstanceOf(NestedReftException.class).hasMessageContaining("is in use by process " + self);
    }
    try (Stream<Path> left = Files.list(runs.resolve("busy"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(RunLock.FILE);
    }
    assertThat(runs.resolve(".sft-cache")).doesNotExist();
  }
}
