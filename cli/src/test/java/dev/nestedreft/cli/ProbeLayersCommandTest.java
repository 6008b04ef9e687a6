package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code probe-layers} on an eight-layer model with random weights ({@code init --preset tiny}). */
class ProbeLayersCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SMALL = {"--prompts", "2", "--samples", "2", "--max-new-tokens", "6", "--rounds",
      "2", "--random-sets", "2", "--threads", "1"};

  @TempDir static Path dir;
  static Path model;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run probe(String... args) {
    List<String> all = new ArrayList<>(List.of("probe-layers", "--model", model.toString()));
    all.addAll(Arrays.asList(SMALL));
    all.addAll(Arrays.asList(args));
    return run(all.toArray(String[]::new));
  }

  @BeforeAll
  static void initModel() {
    model = dir.resolve("tiny");
    Run init = run("init", "--preset", "tiny", "--seed", "3", "--out", model.toString());
    assertThat(init.exit()).as(init.err()).isZero();
  }

  /** {@code json} without the fields that depend on timing. */
  private static JsonNode withoutTimings(JsonNode json) {
    JsonNode copy = json.deepCopy();
    removeTimings(copy);
    return copy;
  }

  private static void removeTimings(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("tokens_per_s");
    }
    node.forEach(ProbeLayersCommandTest::removeTimings);
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void jsonHasARowPerLayerAndTheSearchesAndOutWritesTheProbeFileAndItsChart() throws IOException {
    Path out = dir.resolve("probe");
    Run r = probe("--json", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("probe-layers: timing round 2/2").contains("probe-layers: done in");
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("num_layers").asInt()).isEqualTo(8);
    assertThat(json.get("full").get("kl").asDouble()).isZero();
    assertThat(json.get("full").get("ess").asDouble()).isEqualTo(1.0);
    assertThat(json.get("layers")).hasSize(8);
    for (int layer = 0; layer < 8; layer++) {
      JsonNode row = json.get("layers").get(layer);
      assertThat(row.get("layer").asInt()).isEqualTo(layer);
      assertThat(row.fieldNames()).toIterable().containsExactly("layer", "kl", "k1", "ess", "reward",
          "tokens_per_s");
      assertThat(row.get("kl").asDouble()).isPositive();
      assertThat(row.get("tokens_per_s").asDouble()).isPositive();
    }
    assertThat(json.get("backend_mismatch").fieldNames()).toIterable().containsExactly("kl", "k1", "ess");
    JsonNode search = json.get("searches").get(0);
    assertThat(search.get("fraction").asDouble()).isEqualTo(0.25);
    assertThat(search.get("k").asInt()).isEqualTo(2);
    assertThat(search.get("skipped")).hasSize(2);
    search.get("skipped").forEach(layer -> assertThat(layer.asInt()).isBetween(1, 6));
    assertThat(search.get("order")).hasSize(2);
    assertThat(search.get("kl").asDouble()).isPositive();
    assertThat(search.get("random").get("sets")).hasSize(2);
    assertThat(search.get("random").get("mean").get("kl").asDouble()).isPositive();
    JsonNode settings = json.get("settings");
    assertThat(settings.get("task").asText()).startsWith("arith");
    assertThat(settings.get("prompts").asInt()).isEqualTo(2);
    assertThat(settings.get("model").asText()).isEqualTo(model.toString());

    Path file = out.resolve("probe.json");
    assertThat(JSON.readTree(file.toFile())).isEqualTo(json);
    LayerCosts costs = LayerCostsJson.read(file); // as the probed policy reads it
    assertThat(costs.layers()).hasSize(8);
    byte[] png = Files.readAllBytes(out.resolve("probe.png"));
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');

    // a second invocation: the table, and the same file but for the timings
    Path again = dir.resolve("probe-again");
    Run table = probe("--out", again.toString());
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("layer probe of " + model).contains("skipped").contains("vs full")
        .contains("skip-set searches: greedy, beam 1, over layers 1..6").contains("random x2")
        .contains("wrote " + again.resolve("probe.json"));
    assertThat(table.out().lines().filter(l -> l.matches("^[0-7] .*"))).hasSize(8);
    assertThat(withoutTimings(JSON.readTree(again.resolve("probe.json").toFile()))).isEqualTo(withoutTimings(json));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--prompts 0                  | --prompts: expected a count >= 1, got 0",
      "--samples 0                  | --samples: expected a count >= 1, got 0",
      "--rounds 1                   | --rounds: expected a count >= 2, got 1",
      "--beam 0                     | --beam: expected a count >= 1, got 0",
      "--skip-fraction 0.25,1       | --skip-fraction: expected fractions in [0, 1), got 1.0",
      "--skip-fraction -0.5         | --skip-fraction: expected fractions in [0, 1), got -0.5",
      "--skip-fraction 0.9          | --skip-fraction: skip fraction 0.9 means skipping 7 of 8 layers, but only 6 "
          + "layers (layers 1..6) may be skipped",
      "--no-protect-ends --skip-fraction 0.95 | skipping 8 of 8 layers, which leaves no layer to run",
      "--task gsm8k                 | --task: expected 'arith' (give a JSONL dataset with --data), got 'gsm8k'",
      "--reward nope                | --reward: unknown reward 'nope'"})
  void aBadArgumentIsNamedInOneLine(String args, String expected) {
    List<String> all = new ArrayList<>(List.of("probe-layers", "--model", model.toString()));
    all.addAll(Arrays.asList(args.trim().split(" +")));
    assertOneLineError(run(all.toArray(String[]::new)), expected);
  }

  /** A JSONL prompt that leaves no room for the completion in the model's context is a bad row, before any probing. */
  @Test
  void aDatasetPromptTooLongForTheContextIsABadRowNamedByItsLine() throws IOException {
    String longQuestion = "1+".repeat(300) + "1?";
    Path data = Files.writeString(dir.resolve("long.jsonl"), "{\"question\": \"" + longQuestion
        + "\", \"answer\": \"#### 301\"}\n");
    assertOneLineError(probe("--data", data.toString()), data + ":1");
    assertOneLineError(probe("--data", data.toString()), "the prompt takes");
  }

  @Test
  void aMissingModelDirectoryIsNamed() {
    Path missing = dir.resolve("no-such-model");
    assertOneLineError(run("probe-layers", "--model", missing.toString()), missing + ": not a model directory");
  }

  private static void assertOneLineError(Run r, String expected) {
    assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(expected).doesNotContain("\tat ");
  }
}
