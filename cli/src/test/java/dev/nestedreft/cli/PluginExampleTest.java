package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plug-in (examples/plugin-example, built against nested-reft-spi alone, before this module) used as a
 * user would: its jar given with {@code --plugins} to a JVM that runs the CLI the way the launcher does, which lists
 * its three providers and trains with all three chosen by name in the config.
 */
@Tag("native")
@Tag("slow")
class PluginExampleTest {
  private static final Path JAR = Path.of("..", "examples", "plugin-example", "target",
      "nested-reft-plugin-example-1.0-SNAPSHOT.jar").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @BeforeAll
  static void theExampleWasBuilt() {
    assumeTrue(Files.isRegularFile(JAR), "the example plug-in is built by the reactor before cli: " + JAR);
  }

  private record Result(int exit, String output) {}

  private static Result cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(BuildInfo.current().jvmOptions());
    command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), "dev.nestedreft.cli.Main"));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "cli", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("NESTED_REFT_PLUGINS");
    Process child = builder.start();
    assertThat(child.waitFor(300, TimeUnit.SECONDS)).as("the command finishes").isTrue();
    return new Result(child.exitValue(), Files.readString(log));
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void pluginsListsTheExamplesThreeProvidersWithTheirOrigin() throws Exception {
    Result r = cli("plugins", "--plugins", JAR.toString(), "--json");
    assertThat(r.exit()).as(r.output()).isZero();
    String json = r.output().substring(r.output().indexOf('['));
    Map<String, JsonNode> byName = new HashMap<>();
    JSON.readTree(json).forEach(p -> byName.put(p.get("kind").asText() + "/" + p.get("name").asText(), p));
    for (String provider : List.of("reward/answer-match", "correction/soft-clip", "behavior/rotating-skip")) {
      JsonNode p = byName.entrySet().stream().filter(e -> e.getKey().endsWith("/" + provider.split("/")[1]))
          .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(provider + " not listed"));
      assertThat(p.get("origin").asText()).as(provider).isEqualTo(JAR.toString());
      assertThat(p.get("description").asText()).as(provider).isNotBlank();
    }
    assertThat(byName.values().stream().filter(p -> p.get("name").asText().equals("math-answer")).findFirst()
        .orElseThrow().get("origin").asText()).isEqualTo("built in");
  }

  @Test
  void aRunChoosesTheExamplesRewardCorrectionAndBehaviorByName() throws Exception {
    Path config = Files.writeString(dir.resolve("plugged.yaml"), String.join("\n", "name: plugged", "steps: 2",
        "prompts_per_step: 4", "samples_per_prompt: 2", "max_new_tokens: 8", "sft_steps: 2", "sft_batch: 4",
        "eval_problems: 4", "threads: 1", "reward: answer-match:partial=0.5", "correction: soft-clip:c=3",
        "behavior: rotating-skip:k=2", "plugins: [" + JAR + "]", ""));
    Path runs = dir.resolve("runs");
    Result r = cli("train", "--config", config.toString(), "--runs", runs.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    Path run = runs.resolve("plugged");
    JsonNode written = JSON.readTree(run.resolve("config.json").toFile());
    assertThat(written.get("reward").asText()).isEqualTo("answer-match:partial=0.5");
    assertThat(written.get("correction").asText()).isEqualTo("soft-clip:c=3");
    assertThat(written.get("behavior").asText()).isEqualTo("rotating-skip:k=2");
    assertThat(written.get("plugins")).hasSize(1);
    JsonNode jar = written.get("provenance").get("plugin_jars").get(0);
    assertThat(jar.get("path").asText()).isEqualTo(JAR.toString());
    assertThat(jar.get("sha256").asText()).isEqualTo(sha256(JAR));
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("reward").asText()).isEqualTo("answer-match");
    assertThat(summary.get("correction").asText()).isEqualTo("soft-clip");
    assertThat(summary.get("behavior").asText()).isEqualTo("rotating-skip");
    List<String> steps = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertThat(steps).hasSize(2);
    for (int s = 0; s < steps.size(); s++) {
      JsonNode step = JSON.readTree(steps.get(s));
      assertThat(step.get("plan_policy").asText()).isEqualTo("rotating-skip");
      // tiny has 8 layers: step s skips the interior layers 1 + s and 2 + s.
      assertThat(step.get("plan_skipped").toString()).isEqualTo("[" + (1 + s) + "," + (2 + s) + "]");
    }
  }
}
