package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.train.RunLock;
import dev.nestedreft.spi.BuildInfo;
import dev.nestedreft.spi.backend.Provenance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command-line contract: outputs, exit codes and one-line errors without stack traces. */
class CliTest {
  @TempDir static Path dir;
  static Path model;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void initModel() {
    model = dir.resolve("micro");
    Run init = run("init", "--preset", "micro", "--seed", "7", "--out", model.toString());
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("wrote").contains("seed 7");
    assertThat(model.resolve("config.json")).exists();
    assertThat(model.resolve("model.safetensors")).exists();
  }

  @Tag("native")
  @Test
  void scoreJsonAgreesAcrossBackendsAndHonoursSkips() throws IOException {
    String tokens = "1,2,3,10,20,30,40";
    JsonNode tf = json(run("score", "--model", model.toString(), "--backend", "tf", "--tokens", tokens, "--json"));
    JsonNode onnx = json(run("score", "--model", model.toString(), "--backend", "onnx", "--tokens", tokens,
        "--json"));
    JsonNode nested = json(run("score", "--model", model.toString(), "--backend", "onnx", "--skip", "1,2",
        "--tokens", tokens, "--json"));
    JsonNode nestedTf = json(run("score", "--model", model.toString(), "--backend", "tf", "--skip", "2,1",
        "--tokens", tokens, "--json"));
    assertThat(tf.get("tokens").toString()).isEqualTo("[1,2,3,10,20,30,40]");
    assertThat(tf.get("logprobs")).hasSize(6);
    double maxDiff = 0;
    double nestedGap = 0;
    for (int i = 0; i < 6; i++) {
      double lp = tf.get("logprobs").get(i).asDouble();
      assertThat(lp).isNegative();
      maxDiff = Math.max(maxDiff, Math.abs(lp - onnx.get("logprobs").get(i).asDouble()));
      maxDiff = Math.max(maxDiff, Math.abs(nested.get("logprobs").get(i).asDouble()
          - nestedTf.get("logprobs").get(i).asDouble()));
      nestedGap = Math.max(nestedGap, Math.abs(lp - nested.get("logprobs").get(i).asDouble()));
    }
    assertThat(maxDiff).isLessThan(1e-4);
    assertThat(nestedGap).isGreaterThan(1e-4);
  }

  @Tag("native")
  @Test
  void scoreTextUsesTheModelsOwnTokenizer() throws IOException {
    Path withTokenizer = copyModel("with-tokenizer");
    Files.writeString(withTokenizer.resolve("tokenizer.json"), """
        {"version": "1.0", "truncation": null, "padding": null,
         "added_tokens": [
           {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
           {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
           {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
         "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
         "model": {"type": "WordLevel", "unk_token": "<unk>",
                   "vocab": {"<pad>": 0, "<s>": 1, "</s>": 2, "<unk>": 3, "the": 4, "cat": 5, "sat": 6}}}
        """);
    Files.writeString(withTokenizer.resolve("tokenizer_config.json"),
        "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"pad_token\": \"<pad>\"}");
    JsonNode scored = json(run("score", "--model", withTokenizer.toString(), "--text", "the cat sat", "--json"));
    assertThat(scored.get("tokens").toString()).isEqualTo("[1,4,5,6]");
    assertThat(scored.get("logprobs")).hasSize(3);
    Run eval = run("eval", "--model", withTokenizer.toString(), "--problems", "2", "--threads", "1");
    assertThat(eval.exit()).as(eval.err()).isZero(); // arith prompts through the model's own (word-level) tokenizer
    assertThat(eval.out()).contains("(2 problems): accuracy 0.000");
    assertOneLineError(run("score", "--model", model.toString(), "--text", "the cat"),
        "no tokenizer.json to tokenize --text with");
    Run neither = run("score", "--model", model.toString());
    assertThat(neither.exit()).isEqualTo(2); // a usage error
    assertThat(neither.err()).contains("give exactly one of --tokens or --text");
  }

  @Test
  void exportOnnxWritesTheFileWithTheSourcesProvenanceAndThisBuildsCommit() throws IOException {
    Path source = copyModel("export-source");
    rewriteHeader(weights(source), header -> ((ObjectNode) header.get("__metadata__"))
        .put(Provenance.PREFIX + "git_commit", "the source's commit"));
    Path out = dir.resolve("export/nested.onnx");
    Run r = run("export-onnx", "--model", source.toString(), "--skip", "3", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 of 4 layers");
    assertThat(out).exists();
    Map<String, String> metadata = ModelProto.parseFrom(Files.readAllBytes(out)).getMetadataPropsList().stream()
        .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
    assertThat(metadata).containsEntry(Provenance.PREFIX + "seed", "7")
        .containsEntry(Provenance.PREFIX + "version", BuildInfo.current().version());
    assertThat(Optional.ofNullable(metadata.get(Provenance.PREFIX + "git_commit")))
        .isEqualTo(BuildInfo.current().gitCommit());
  }

  /**
   * init, export-onnx and probe-layers check their target before any work: a folder that is not empty, or a file
   * that exists, is refused unless --force; init --force also deletes a checkpoint's files that would no longer
   * match the new weights.
   */
  @Test
  void commandsRefuseToOverwriteTheirTargetUnlessForced() throws IOException {
    Path checkpoint = copyModel("trained-checkpoint");
    Files.writeString(checkpoint.resolve("state.json"), "{\"step\": 60}");
    Files.writeString(checkpoint.resolve("optimizer.safetensors"), "moments");
    byte[] trained = Files.readAllBytes(weights(checkpoint));
    assertOneLineError(run("init", "--preset", "micro", "--seed", "3", "--out", checkpoint.toString()),
        "--out " + checkpoint + ": the folder is not empty (config.json, model.safetensors, optimizer.safetensors, "
            + "state.json); pass --force to write into it anyway");
    assertThat(Files.readAllBytes(weights(checkpoint))).isEqualTo(trained);
    Run forced = run("init", "--preset", "micro", "--seed", "3", "--out", checkpoint.toString(), "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(Files.readAllBytes(weights(checkpoint))).isNotEqualTo(trained);
    assertThat(checkpoint.resolve("state.json")).doesNotExist();
    assertThat(checkpoint.resolve("optimizer.safetensors")).doesNotExist();
    Path empty = Files.createDirectories(dir.resolve("empty-target"));
    assertThat(run("init", "--preset", "micro", "--out", empty.toString()).exit()).isZero();

    Path onnx = Files.writeString(dir.resolve("taken.onnx"), "someone's file");
    assertOneLineError(run("export-onnx", "--model", model.toString(), "--out", onnx.toString()),
        "--out " + onnx + ": the file exists; pass --force to replace it");
    assertThat(onnx).hasContent("someone's file");
    Run replaced = run("export-onnx", "--model", model.toString(), "--out", onnx.toString(), "--force");
    assertThat(replaced.exit()).as(replaced.err()).isZero();
    assertThat(Files.size(onnx)).isGreaterThan(1000);

    Path probe = Files.createDirectories(dir.resolve("probe-out"));
    Files.writeString(probe.resolve("notes.txt"), "mine");
    assertOneLineError(run("probe-layers", "--model", model.toString(), "--out", probe.toString()),
        "--out " + probe + ": the folder is not empty (notes.txt); pass --force");
  }

  /** A run folder that another writer holds is refused by train, demo and compare before they touch anything. */
  @Test
  void aRunFolderInUseIsRefusedByEveryCommandThatWritesOne() throws IOException {
    Path runs = dir.resolve("busy-runs");
    long self = ProcessHandle.current().pid();
    Path config = writeConfig("busy.yaml", "name: busy", "steps: 1");
    try (RunLock lock = RunLock.acquire(runs.resolve("busy"), w -> { })) {
      assertOneLineError(run("train", "--config", config.toString(), "--runs", runs.toString()),
          runs.resolve("busy") + " is in use by process " + self + " on host ");
    }
    Path demo = Files.createDirectories(runs.resolve("demo"));
    Files.writeString(demo.resolve("metrics.jsonl"), "{}\n");
    try (RunLock lock = RunLock.acquire(demo, w -> { })) {
      assertOneLineError(run("demo", "--runs", runs.toString()), demo + " is in use by process " + self);
    }
    assertThat(demo.resolve("metrics.jsonl")).as("the demo did not empty a folder in use").exists();
    try (RunLock lock = RunLock.acquire(runs.resolve("study"), w -> { })) {
      assertOneLineError(run("compare", "--seeds", "1", "--steps", "1", "--runs", runs.toString(), "--name",
          "study"), runs.resolve("study") + " is in use by process " + self);
    }
    assertThat(runs.resolve("demo-reft-s1")).as("no run started").doesNotExist();
  }

  @Test
  void runNamesArePlainFolderNames() throws IOException {
    Path runs = dir.resolve("named-runs");
    Path config = writeConfig("dotdot.yaml", "name: ..", "steps: 1");
    assertOneLineError(run("train", "--config", config.toString(), "--runs", runs.toString()),
        "name must be a plain directory name");
    Run compare = run("compare", "--seeds", "1", "--runs", runs.toString(), "--name", "../elsewhere");
    assertThat(compare.exit()).as(compare.err()).isEqualTo(Main.EXIT_USAGE);
    assertThat(compare.err()).contains("--name must be a plain folder name");
    assertThat(runs).doesNotExist();
  }

  @Tag("native")
  @Test
  void benchRolloutReportsEveryPlan() throws IOException {
    JsonNode bench = json(run("bench", "rollout", "--preset", "micro", "--batch", "4", "--samples-per-prompt", "2",
        "--new-tokens", "5", "--prompt-length", "3,6", "--skip-fractions", "0,0.25", "--rounds", "1", "--json"));
    assertThat(bench.get("plans")).hasSize(2);
    assertThat(bench.get("plans").get(1).get("ideal_speedup").asDouble()).isGreaterThan(1.0);
    assertThat(bench.get("plans").get(0).get("tokens_per_s").asDouble()).isPositive();
    // Layer lists are JSON arrays: the full plan skips none, the nested one at least one layer.
    assertThat(bench.get("plans").get(0).get("skipped").isArray()).isTrue();
    assertThat(bench.get("plans").get(0).get("skipped")).isEmpty();
    assertThat(bench.get("plans").get(1).get("skipped").get(0).isInt()).isTrue();
    assertThat(bench.get("kv_cache_speedup").asDouble()).isPositive();
    assertThat(bench.get("peak_rss_mib").asDouble()).isPositive();
  }

  @Tag("native")
  @Test
  void benchRolloutReportsTheRoundsSpreadTheLayerBoundAndTheRoofline() throws IOException {
    JsonNode bench = json(run("bench", "rollout", "--preset", "micro", "--batch", "4", "--samples-per-prompt", "2",
        "--new-tokens", "5", "--prompt-length", "3,6", "--skip-fractions", "0,0.5", "--rounds", "3",
        "--no-kv-comparison", "--threads", "1", "--json"));
    JsonNode limits = bench.get("machine_limits");
    assertThat(limits.get("matmul_gflop_per_s").asDouble()).as("matrix products, GFLOP/s").isPositive();
    assertThat(limits.get("read_gb_per_s").asDouble()).as("memory bandwidth, GB/s").isPositive();
    JsonNode nested = bench.get("plans").get(1);
    JsonNode rounds = nested.get("measured_speedup_rounds");
    assertThat(rounds.get("rounds").asInt()).isEqualTo(3);
    assertThat(rounds.get("min").asDouble()).isLessThanOrEqualTo(nested.get("measured_speedup").asDouble())
        .isPositive();
    assertThat(rounds.get("max").asDouble()).isGreaterThanOrEqualTo(nested.get("measured_speedup").asDouble());
    double bound = nested.get("layer_bound").asDouble();
    assertThat(bound).as("L/m for half the layers").isEqualTo(2.0);
    assertThat(nested.get("above_bound").asBoolean()).isEqualTo(nested.get("measured_speedup").asDouble() > bound);
    assertThat(nested.get("roofline_fraction").asDouble()).as("a fraction of the machine's limit").isPositive()
        .isLessThanOrEqualTo(1.0);
    assertThat(nested.get("weight_refresh_ms_rounds").get("rounds").asInt()).isEqualTo(3);
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void benchStepSplitsTheStepOfEveryVariant() throws IOException {
    JsonNode bench = json(run("bench", "step", "--preset", "tiny", "--algorithms", "reft,nested-reft",
        "--pipeline", "sync,one-step-off", "--prompts", "2", "--samples-per-prompt", "2", "--new-tokens", "4",
        "--steps", "2", "--rounds", "1", "--threads", "1", "--json"));
    assertThat(bench.get("variants")).hasSize(4);
    for (JsonNode row : bench.get("variants")) {
      String what = row.get("algorithm").asText() + "/" + row.get("pipeline").asText();
      assertThat(row.get("steps_counted").asInt()).as(what).isEqualTo(1);
      double parts = 0;
      for (String part : List.of("publish_s", "rollout_s", "reward_s", "target_logprobs_s", "update_s")) {
        assertThat(row.get(part).asDouble()).as("%s: %s", what, part).isNotNegative();
        parts += row.get(part).asDouble();
      }
      assertThat(row.get("update_s").asDouble()).as("%s: the update", what).isPositive();
      if (row.get("pipeline").asText().equals("sync")) {
        // In sync the parts and 'other' make up the step (each rounded to 0.1 ms).
        assertThat(parts + row.get("other_s").asDouble()).as(what)
            .isCloseTo(row.get("step_s").asDouble(), within(1e-3));
      } else {
        assertThat(row.has("other_s")).as("%s: no 'other' when parts overlap", what).isFalse();
      }
    }
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void everyPartOfARunIsChosenByNameAndRecorded() throws IOException {
    Path config = writeConfig("parts.yaml", "name: parts", "steps: 2", "prompts_per_step: 4", "samples_per_prompt: 2",
        "max_new_tokens: 8", "sft_steps: 2", "sft_batch: 4", "eval_problems: 4", "threads: 1", "reward: format",
        "advantage: rloo", "scalar_writers: []");
    Path runs = dir.resolve("parts-runs");
    Run r = run("train", "--config", config.toString(), "--runs", runs.toString(), "--behavior", "block:k=2",
        "--correction", "seq-tis:c=3");
    assertThat(r.exit()).as(r.err()).isZero();
    Path run = runs.resolve("parts");
    JsonNode written = new ObjectMapper().readTree(run.resolve("config.json").toFile());
    assertThat(written.get("reward").asText()).isEqualTo("format");
    assertThat(written.get("behavior").asText()).isEqualTo("block:k=2");
    assertThat(written.get("correction").asText()).isEqualTo("seq-tis:c=3");
    assertThat(written.get("advantage").asText()).isEqualTo("rloo");
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("reward").asText()).isEqualTo("format");
    assertThat(summary.get("behavior").asText()).isEqualTo("block");
    assertThat(summary.get("correction").asText()).isEqualTo("seq-tis");
    assertThat(summary.get("advantage").asText()).isEqualTo("rloo");
    assertThat(summary.get("learner_backend").asText()).isEqualTo("tf");
    assertThat(summary.get("rollout_backend").asText()).isEqualTo("onnx");
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode step = new ObjectMapper().readTree(line);
      assertThat(step.get("plan_policy").asText()).isEqualTo("block");
      assertThat(step.get("plan_skipped")).hasSize(2);
    }
    assertThat(run.resolve("tensorboard")).as("scalar_writers: [] writes no events").doesNotExist();
  }

  @Test
  void anUnknownPartIsRefusedBeforeAnyWorkListingWhatIsInstalled() throws IOException {
    Path runs = dir.resolve("unknown-parts");
    Run train = run("train", "--runs", runs.toString(), "--reward", "exact-match", "--behavior", "skip-all",
        "--rollout-backend", "vllm");
    assertThat(train.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(train.err()).contains("3 problems:", "reward: unknown reward 'exact-match'; available: format, "
        + "math-answer", "behavior: unknown behavior policy 'skip-all'", "rollout_backend: unknown rollout backend "
        + "'vllm'");
    assertThat(runs).doesNotExist();
    Run eval = run("eval", "--model", dir.resolve("nowhere").toString(), "--reward", "exact-match");
    assertThat(eval.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(eval.err()).contains("--reward: unknown reward 'exact-match'; available: format, math-answer");
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void trainWritesEveryFileOfARun() throws IOException {
    Path config = writeConfig("run.yaml", "name: files", "steps: 2", "prompts_per_step: 4", "samples_per_prompt: 2",
        "max_new_tokens: 8", "sft_steps: 2", "sft_batch: 4", "eval_problems: 4", "threads: 1");
    Path runs = dir.resolve("runs");
    Run r = run("train", "--config", config.toString(), "--runs", runs.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("run files: 2 steps");
    Path run = runs.resolve("files");
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(Files.readAllLines(run.resolve("metrics.jsonl")).get(0));
    assertThat(first.get("plan_skipped").isArray()).isTrue();
    assertThat(first.get("plan_skipped").size() + first.get("plan_layers").asInt()).isEqualTo(8);
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("steps").asInt()).isEqualTo(2);
    assertThat(summary.has("accuracy_after")).isTrue();
    assertThat(new ObjectMapper().readTree(run.resolve("config.json").toFile()).get("steps").asInt()).isEqualTo(2);
    assertThat(run.resolve("checkpoints/step-000002/model.safetensors")).exists();
    assertThat(Files.readString(run.resolve("report.html"))).contains("reward.png", "off_policy.png",
        "layers.png", "step_time.png", "tensorboard --logdir " + run.toAbsolutePath().resolve("tensorboard"));
    assertThat(run.resolve("reward.png")).isNotEmptyFile();
    try (var events = Files.list(run.resolve("tensorboard"))) {
      assertThat(events.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")))
          .singleElement().satisfies(p -> assertThat(Files.size(p)).isGreaterThan(100));
    }
    Run eval = run("eval", "--model", run.resolve("checkpoints/step-000002").toString(), "--problems", "5",
        "--samples", "2", "--threads", "1");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("(5 problems): accuracy ").contains("pass@2").contains("mean@2");
    Run shown = run("eval", "--model", run.resolve("checkpoints/step-000002").toString(), "--problems", "4",
        "--split", "train", "--show", "3", "--threads", "1");
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("train split (4 problems): accuracy ");
    assertThat(shown.out().lines().filter(l -> l.startsWith("Q: ") && l.contains(" | answer ")
        && l.matches(".* \\| reward [01]$"))).hasSize(3);
    Run badSplit = run("eval", "--model", run.resolve("checkpoints/step-000002").toString(), "--split", "dev");
    assertThat(badSplit.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(badSplit.err()).contains("--split: expected test, validation or train, got 'dev'");
    Run bad = run("train", "--config", dir.resolve("missing.yaml").toString());
    assertThat(bad.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(bad.err()).contains("missing.yaml: file not found");
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void compareRunsEveryAlgorithmOnTheSameSeedsAndWritesItsTableAndCharts() throws IOException {
    Path config = writeConfig("compare.yaml", "prompts_per_step: 2", "samples_per_prompt: 2", "max_new_tokens: 6",
        "sft_steps: 2", "sft_batch: 4", "eval_problems: 3", "threads: 1");
    Path runs = dir.resolve("compared");
    Run r = run("compare", "--algos", "reft,nested-reft:is", "--seeds", "1", "--steps", "2", "--config",
        config.toString(), "--runs", runs.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(runs.resolve("compare/compare.json").toFile());
    JsonNode ran = report.get("runs");
    assertThat(ran).hasSize(2);
    assertThat(ran.get(0).get("summary").get("accuracy_before").asDouble())
        .isEqualTo(ran.get(1).get("summary").get("accuracy_before").asDouble());
    for (JsonNode run : ran) {
      // The RL steps' time excludes the warm-up, which the wall time of the seed's first run includes.
      assertThat(run.get("rl_steps_s").asDouble()).isPositive()
          .isLessThan(run.get("summary").get("wall_s").asDouble());
      assertThat(run.get("ess").isNumber()).isTrue();
    }
    assertThat(Files.readString(runs.resolve("compare/compare.md"))).contains("| RL steps s |", "| reft | 1 |",
        "| nested-reft:is | 1 |");
    for (String chart : List.of("accuracy_vs_time.png", "rollout_tokens_per_s.png", "accuracy_vs_tokens_per_s.png",
        "accuracy_per_row.png")) {
      assertThat(runs.resolve("compare").resolve(chart)).isNotEmptyFile();
    }
    assertThat(Files.readString(runs.resolve("compare/compare.html"))).contains("accuracy_per_row.png",
        "../demo-reft-s1/report.html");

    // Extending the study: reft's finished run is taken as it is; nested-reft:is at fraction 0.5 is a new row.
    Run extended = run("compare", "--algos", "reft,nested-reft:is", "--skip-fractions", "0.5", "--seeds", "1",
        "--steps", "2", "--config", config.toString(), "--runs", runs.toString(), "--reuse-finished");
    assertThat(extended.exit()).as(extended.err()).isZero();
    assertThat(extended.out()).contains("== reft, seed 1 (demo-reft-s1): reusing it: finished, with the same config",
        "== nested-reft:is / random-skip / 0.5, seed 1 (demo-nested-reft_is-random-skip-f0.5-s1) ==");
    JsonNode again = new ObjectMapper().readTree(runs.resolve("compare/compare.json").toFile());
    assertThat(again.get("rows").findValuesAsText("label")).containsExactly("reft",
        "nested-reft:is / random-skip / 0.5");
    assertThat(again.get("runs").get(0).get("reused").asBoolean()).isTrue();
    assertThat(again.get("runs").get(0).get("summary")).isEqualTo(ran.get(0).get("summary"));
    assertThat(Files.readString(runs.resolve("demo-nested-reft_is-random-skip-f0.5-s1/config.json")))
        .contains("\"behavior\" : \"random-skip:fraction=0.5\"");

    // A run of another config is trained again, and says why.
    Run changed = run("compare", "--algos", "reft", "--seeds", "1", "--steps", "3", "--config", config.toString(),
        "--runs", runs.toString(), "--reuse-finished");
    assertThat(changed.exit()).as(changed.err()).isZero();
    assertThat(changed.out()).contains("== reft, seed 1 (demo-reft-s1): training it again: its config differs: "
        + "steps 2 (now 3) ==");
    assertThat(Files.readString(runs.resolve("compare/compare.md"))).contains("| reft | 1 |");
  }

  @Tag("native")
  @Test
  void evalReadsTheValidationSplitAndRefusesOneThatWouldMeetTheTestSet() {
    Path tiny = dir.resolve("tiny-for-eval"); // the character tokenizer's 100 ids need tiny's vocabulary
    assertThat(run("init", "--preset", "tiny", "--seed", "3", "--out", tiny.toString()).exit()).isZero();
    Run r = run("eval", "--model", tiny.toString(), "--problems", "2", "--split", "validation", "--threads", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("on arith-v2-level1, validation split (2 problems): accuracy");
    Run tooMany = run("eval", "--model", model.toString(), "--problems", "300", "--split", "validation");
    assertThat(tooMany.exit()).isEqualTo(2); // a usage error, before any problem is drawn
    assertThat(tooMany.err()).contains("--problems 300 exceeds the validation split");
  }

  @Test
  void compareChecksEveryAlgorithmBeforeTheFirstRun() {
    Path runs = dir.resolve("compare-runs");
    Run r = run("compare", "--algos", "reft,nested-reft:bogus", "--seeds", "1", "--steps", "1", "--runs",
        runs.toString());
    assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err()).contains("unknown correction 'bogus'");
    assertThat(runs.resolve("demo-reft-s1")).as("no run started").doesNotExist();
  }

  @Tag("native")
  @Tag("slow")
  @Test
  void trainAndEvalOnAJsonlDataset() throws IOException {
    Path data = dir.resolve("mini-gsm8k.jsonl");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      rows.append(String.format("{\"question\": \"What is %d plus %d?\", \"answer\": \"%d+%d=%d #### %d\"}%n",
          i, i + 2, i, i + 2, 2 * i + 2, 2 * i + 2));
    }
    Files.writeString(data, rows);
    Path config = writeConfig("data-run.yaml", "name: jsonl", "steps: 1", "prompts_per_step: 4",
        "samples_per_prompt: 2", "max_new_tokens: 8", "sft_steps: 1", "sft_batch: 4", "eval_problems: 3", "threads: 1");
    // 30 rows at the default test share of 20% hold 3 test problems: eval_problems is at most that.
    Path runs = dir.resolve("data-runs");
    Run r = run("train", "--config", config.toString(), "--runs", runs.toString(), "--data", data.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllLines(runs.resolve("jsonl/metrics.jsonl"))).hasSize(1);
    Run eval = run("eval", "--model", runs.resolve("jsonl/checkpoints/step-000001").toString(), "--task",
        data.toString(), "--problems", "3", "--threads", "1");
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("(3 problems): accuracy ");

    Path start = dir.resolve("tiny-start");
    assertThat(run("init", "--preset", "tiny", "--seed", "3", "--out", start.toString()).exit()).isZero();
    Files.writeString(start.resolve("tokenizer_config.json"), "{\"model_max_length\": 512}");
    Path fromModel = dir.resolve("from-model.yaml");
    Files.writeString(fromModel, Files.readString(config).replace("name: jsonl", "name: from-model")
        .replace("sft_steps: 1", "sft_steps: 0"));
    Run fromDir = run("train", "--config", fromModel.toString(), "--runs", runs.toString(), "--data",
        data.toString(), "--model", start.toString());
    assertThat(fromDir.exit()).as(fromDir.err()).isZero();
    assertThat(fromDir.err()).contains("starting from " + start);
    assertThat(runs.resolve("from-model/checkpoints/step-000001/tokenizer_config.json")).hasContent(
        "{\"model_max_length\": 512}"); // a complete HF directory: the source's tokenizer files come along
    Run tooSmall = run("train", "--config", fromModel.toString(), "--runs", runs.toString(), "--model",
        model.toString());
    assertThat(tooSmall.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(tooSmall.err()).contains("vocab_size 64 is smaller than the char-ascii tokenizer's 100 ids");

    Run fewShot = run("train", "--config", config.toString(), "--runs", dir.resolve("few-shot-runs").toString(),
        "--data", data.toString(), "--prompt-format", "few-shot:2");
    assertThat(fewShot.exit()).as(fewShot.err()).isZero();
    assertOneLineError(run("train", "--config", config.toString(), "--runs", dir.resolve("chat-runs").toString(),
        "--prompt-format", "chat"), "--prompt-format chat needs --model DIR");

    Files.writeString(data, rows + "{\"question\": \"broken\"\n");
    Run bad = run("train", "--config", config.toString(), "--runs", dir.resolve("bad-runs").toString(), "--data",
        data.toString());
    assertThat(bad.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(bad.err()).contains(data + ":31");
  }

  @Test
  void versionIsTheBuildsVersion() {
    Run r = run("--version");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("nested-reft " + BuildInfo.current().version());
  }

  @Test
  void helpForEveryCommand() {
    CommandLine root = new CommandLine(new Main());
    List<List<String>> paths = new ArrayList<>();
    collect(root, List.of(), paths);
    assertThat(paths).contains(List.of("demo"), List.of("init"), List.of("score"), List.of("export-onnx"),
        List.of("bench", "forward"), List.of("bench", "rollout"), List.of("bench", "learner"), List.of("train"),
        List.of("compare"), List.of("parity"), List.of("eval"));
    for (List<String> path : paths) {
      String[] args = Stream.concat(path.stream(), Stream.of("--help")).toArray(String[]::new);
      Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: nested-reft");
    }
  }

  private static void collect(CommandLine cli, List<String> prefix, List<List<String>> out) {
    cli.getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) {
        return;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(name);
      out.add(path);
      collect(sub, path, out);
    });
  }

  // ---- bad input: exit 1, one line naming the input, no stack trace unless --verbose ----

  /** A way to break a copy of the model directory, and what the one-line error must then say. */
  record Corruption(String name, DirectoryEdit edit, Function<Path, String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface DirectoryEdit {
    void apply(Path dir) throws IOException;
  }

  static Stream<Corruption> corruptions() {
    return Stream.of(
        new Corruption("missing-field", dir -> editConfig(dir, c -> c.replaceAll("\"hidden_size\" : \\d+,", "")),
            dir -> dir.resolve("config.json") + ": missing required field 'hidden_size'"),
        new Corruption("wrong-type",
            dir -> editConfig(dir, c -> c.replace("\"rms_norm_eps\" : 1.0E-6", "\"rms_norm_eps\" : \"tiny\"")),
            dir -> "field 'rms_norm_eps' must be a number, got string"),
        new Corruption("long-header", dir -> editWeights(dir, bytes -> {
          ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length * 2L);
          return bytes;
        }), dir -> weights(dir) + ": header length"),
        new Corruption("bad-json", dir -> editWeights(dir, bytes -> {
          bytes[8] = 'x'; // the header's opening brace
          return bytes;
        }), dir -> weights(dir) + ": the header is not valid JSON"),
        new Corruption("bad-dtype", dir -> rewriteHeader(weights(dir),
            header -> ((ObjectNode) header.get("model.norm.weight")).put("dtype", "F12")),
            dir -> "tensor 'model.norm.weight': unknown dtype 'F12'"),
        new Corruption("overlap", dir -> rewriteHeader(weights(dir), header -> {
          ArrayNode offsets = (ArrayNode) header.get("model.norm.weight").get("data_offsets");
          long begin = offsets.get(0).asLong() - 4;
          offsets.removeAll().add(begin).add(begin + 32 * 4);
        }), dir -> "overlap"),
        new Corruption("outside", dir -> rewriteHeader(weights(dir), header -> {
          ArrayNode offsets = (ArrayNode) header.get("model.norm.weight").get("data_offsets");
          offsets.removeAll().add(1L << 40).add((1L << 40) + 32 * 4);
        }), dir -> "tensor 'model.norm.weight' data_offsets"),
        new Corruption("bad-shape",
            dir -> editConfig(dir, c -> c.replace("\"vocab_size\" : 64", "\"vocab_size\" : 65")),
            dir -> "tensor 'model.embed_tokens.weight' has shape [64, 32], but the config implies [65, 32]"),
        new Corruption("truncated", dir -> editWeights(dir, bytes -> Arrays.copyOf(bytes, bytes.length / 2)),
            dir -> "truncated"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void aBrokenModelDirectoryIsNamedInOneLine(Corruption corruption) throws IOException {
    Path bad = copyModel(corruption.name());
    corruption.edit().apply(bad);
    assertOneLineError(run("score", "--model", bad.toString(), "--tokens", "1,2"), corruption.expected().apply(bad));
  }

  private static Path weights(Path dir) {
    return dir.resolve("model.safetensors");
  }

  private static void editConfig(Path dir, UnaryOperator<String> edit) throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, edit.apply(Files.readString(config)));
  }

  private static void editWeights(Path dir, UnaryOperator<byte[]> edit) throws IOException {
    Files.write(weights(dir), edit.apply(Files.readAllBytes(weights(dir))));
  }

  /** Rewrites the JSON header of a safetensors file, keeping its data bytes. */
  private static void rewriteHeader(Path file, Consumer<ObjectNode> edit) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) in.getLong();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode header = (ObjectNode) mapper.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
    edit.accept(header);
    byte[] json = mapper.writeValueAsBytes(header);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + bytes.length - 8 - headerLength)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json).put(bytes, 8 + headerLength, bytes.length - 8 - headerLength);
    Files.write(file, out.array());
  }

  @ParameterizedTest(name = "score {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "--skip 1,9 --tokens 1,2        | skip list [1, 9]: layer 9 is out of range [0, 4)",
      "--skip 0,1,2,3 --tokens 1,2    | skips all 4 layers",
      "--backend jax --tokens 1,2     | unknown backend 'jax'; available: onnx, tf"})
  void scoreNamesABadArgumentInOneLine(String args, String expected) {
    List<String> command = new ArrayList<>(List.of("score", "--model", model.toString()));
    command.addAll(List.of(args.split(" ")));
    assertOneLineError(run(command.toArray(String[]::new)), expected);
  }

  @Test
  void verbosePrintsTheStackTrace() {
    Run r = run("score", "--model", model.toString(), "--backend", "jax", "--tokens", "1,2", "--verbose");
    assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err()).contains("error: unknown backend 'jax'").contains("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--no-such-option", "--tokens"})
  void usageErrorsExitWithTwo(String arg) {
    Run r = run("score", "--model", model.toString(), arg);
    assertThat(r.exit()).isEqualTo(2);
  }

  /** The README's table of exit codes is the one {@link Main} defines. */
  @Test
  void theReadmeListsTheExitCodes() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (int code : new int[] {Main.EXIT_OK, Main.EXIT_ERROR, Main.EXIT_USAGE, Main.EXIT_SIGNAL_BASE + 2,
        Main.EXIT_SIGNAL_BASE + 15}) {
      assertThat(readme).as("README.md's exit codes").contains("\n| " + code + " | ");
    }
  }

  private static void assertOneLineError(Run r, String expected) {
    assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(expected).doesNotContain("\tat ");
  }

  /** Writes the YAML file {@code name} in the test directory, one line a setting. */
  private static Path writeConfig(String name, String... settings) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", settings) + "\n");
  }

  private static Path copyModel(String name) throws IOException {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    for (String file : List.of("config.json", "model.safetensors")) {
      Files.copy(model.resolve(file), copy.resolve(file));
    }
    return copy;
  }

  private static JsonNode json(Run r) throws IOException {
    assertThat(r.exit()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }
}
