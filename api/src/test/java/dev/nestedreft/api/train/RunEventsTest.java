package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.metrics.ScalarWriterProvider;
import dev.nestedreft.tck.support.PluginJars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics writers (TensorBoard's events) are flushed with every checkpoint, so that what a killed run's events
 * hold reaches at least its last checkpoint, and a resumed run's events continue from there without a gap. A
 * recording writer from a plug-in jar keeps what it was given in memory and writes it out only when flushed.
 */
@Tag("native")
@Tag("slow")
class RunEventsTest {
  @TempDir Path dir;

  private static final String WRITER = """
      package com.acme;

      import dev.nestedreft.spi.metrics.ScalarWriter;
      import dev.nestedreft.spi.metrics.ScalarWriterProvider;
      import java.io.IOException;
      import java.io.UncheckedIOException;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;
      import java.util.Map;

      public final class RecordingWriterProvider implements ScalarWriterProvider {
        public String name() { return "recording"; }
        public boolean isAvailable() { return true; }
        public ScalarWriter open(Path logDir) {
          return new ScalarWriter() {
            private final StringBuilder pending = new StringBuilder();
            public void write(long step, Map<String, Double> scalars) { pending.append(step).append('\\n'); }
            public void flush() {
              try {
                Files.createDirectories(logDir);
                Files.writeString(logDir.resolve("flushed.txt"), pending, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
                pending.setLength(0);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            public void close() { flush(); }
          };
        }
      }
      """;

  @Test
  void theMetricsWritersAreFlushedWithEveryCheckpoint() throws IOException {
    Path jar = PluginJars.jar(dir.resolve("recording.jar")).source("com.acme.RecordingWriterProvider", WRITER)
        .service(ScalarWriterProvider.class, "com.acme.RecordingWriterProvider").write();
    Path runs = dir.resolve("runs");
    TrainConfig config = TrainingRunTest.small("events", 4).toBuilder().checkpointEvery(2)
        .scalarWriters(List.of("recording")).build();
    Path flushed = runs.resolve("events/recording/flushed.txt");
    List<String> seenAtStep = new ArrayList<>();
    try (PluginSet plugins = PluginSet.open(List.of(jar))) {
      TrainingRun.Environment env = BuiltInTask.environment(config, runs, plugins)
          .withPlacement(() -> new LocalPlacement(plugins.backends(), plugins.algorithms()));
      TrainingRun.run(config, env, false, new AtomicBoolean(), new TrainingRun.Listener() {
        @Override
        public void step(StepReport report, long total) {
          try {
            String text = Files.exists(flushed) ? Files.readString(flushed).strip().replace('\n', ',') : "";
            seenAtStep.add("step " + report.step() + ": [" + text + "]");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    }
    // At step 3 the checkpoint of step 2 has been written, and with it the events up to step 2.
    assertThat(seenAtStep).containsExactly("step 1: []", "step 2: []", "step 3: [1,2]", "step 4: [1,2]");
    assertThat(Files.readAllLines(flushed)).containsExactly("1", "2", "3", "4");
  }
}
