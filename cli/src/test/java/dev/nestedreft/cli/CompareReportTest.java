package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.api.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from run directories written by hand: every figure against values computed by hand. */
class CompareReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CompareVariant REFT = CompareVariant.of("reft");
  private static final CompareVariant ADAPTIVE = new CompareVariant("nested-reft", "adaptive", "0.375",
      "adaptive:fraction=0.375");

  @TempDir Path runs;

  /** A finished run: summary.json, config.json and one metrics line per step ({@code steps[i]} as field → value). */
  private Path run(String name, double before, double after, double nested, double full, double tokensPerSecond,
      List<Map<String, Object>> steps) throws IOException {
    RunDirectory dir = new RunDirectory(runs.resolve(name));
    dir.writeConfig(TrainConfig.builder().name(name).build(), List.of());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("accuracy_before", before);
    summary.put("accuracy_after", after);
    summary.put("rollout_tokens_per_s", tokensPerSecond);
    summary.put("nested_rollout_tokens_per_s", nested);
    summary.put("full_rollout_tokens_per_s", full);
    dir.updateSummary(summary);
    StringBuilder lines = new StringBuilder();
    for (Map<String, Object> step : steps) {
      lines.append(JSON.writeValueAsString(step)).append('\n');
    }
    Files.writeString(dir.metrics(), lines);
    return dir.path();
  }

  private static Map<String, Object> step(double ess, double reward, double kl, double rollout, double learner,
      double publish, double total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reward_mean", reward);
    m.put("ess", ess);
    m.put("kl_behavior_target", kl);
    m.put("rollout_s", rollout);
    m.put("learner_s", learner);
    m.put("publish_s", publish);
    m.put("step_s", total);
    return m;
  }

  private List<CompareReport.Run> study() throws IOException {
    List<CompareReport.Run> out = new ArrayList<>();
    Map<String, Object> evaluated = step(1, 0.9, 0, 2, 1, 0.5, 4);
    evaluated.put("test_accuracy", 0.77);
    out.add(CompareReport.read(run("demo-reft-s1", 0.70, 0.80, 10_000, 10_000, 9_000,
        List.of(step(1, 0.8, 0, 2, 1, 0.5, 4), evaluated)), REFT, 1, false));
    // Adaptive, three seeds: accuracy after 0.70, 0.80, 0.75; before 0.65, 0.70, 0.66.
    out.add(CompareReport.read(run("a1", 0.65, 0.70, 15_000, 10_000, 13_000,
        List.of(step(0.4, 0.5, 0.2, 3, 0.5, 0.1, 4), step(0.6, 0.7, 0.4, 1, 2, 0.3, 4))), ADAPTIVE, 1, false));
    out.add(CompareReport.read(run("a2", 0.70, 0.80, 12_000, 10_000, 12_000,
        List.of(step(0.3, 0.6, 0.1, 2, 1, 0.2, 4), step(0.5, 0.6, 0.3, 2, 1, 0.2, 4))), ADAPTIVE, 2, true));
    Map<String, Object> withRewardTime = step(0.6, 0.5, 0.3, 1, 1, 0.5, 5);
    withRewardTime.put("reward_s", 2.0); // the one run whose metrics have reward_s and target_logprobs_s
    withRewardTime.put("target_logprobs_s", 0.25);
    out.add(CompareReport.read(run("a3", 0.66, 0.75, 13_000, 10_000, 14_000, List.of(withRewardTime)), ADAPTIVE, 3,
        false));
    return out;
  }

  @Test
  void eachRunsMetricsAreAveragedOverItsStepsAndItsTimeSharedByPart() throws IOException {
    CompareReport.Run a1 = study().get(1);
    assertThat(a1.ess()).isCloseTo(0.5, within(1e-12));
    assertThat(a1.behaviorReward()).isCloseTo(0.6, within(1e-12));
    assertThat(a1.klBehaviorTarget()).isCloseTo(0.3, within(1e-12));
    // Without reward_s and target_logprobs_s the untimed rest is unknown too.
    assertThat(a1.shares()).containsExactly(new double[] {4.0 / 8, Double.NaN, Double.NaN, 2.5 / 8, 0.4 / 8,
        Double.NaN}, within(1e-12));
    // a3 timed 1 s rollouts, 2 s reward, 0.25 s target log-probs, 1 s learner and 0.5 s publishing of a 5 s step:
    // 0.25 s other.
    assertThat(study().get(3).shares()).containsExactly(new double[] {0.2, 0.4, 0.05, 0.2, 0.1, 0.05},
        within(1e-12));
    assertThat(a1.rlStepsSeconds()).isEqualTo(8);
    assertThat(a1.nestedOverFull()).isCloseTo(1.5, within(1e-12));
    CompareReport.Run reft = study().get(0);
    assertThat(reft.evalCurve()).containsExactly(new double[] {0, 0.70}, new double[] {8, 0.77},
        new double[] {8, 0.80});
  }

  @Test
  void theRowsFiguresOverSeeds() throws IOException {
    List<CompareReport.Run> runs = study();
    List<CompareReport.Row> rows = CompareReport.rows(runs);
    assertThat(rows).extracting(r -> r.variant().label()).containsExactly("reft", "nested-reft / adaptive / 0.375");
    JsonNode json = CompareReport.json(rows, runs, EvalSplit.VALIDATION);
    assertThat(json.get("eval_split").asText()).isEqualTo("validation");
    JsonNode adaptive = json.get("rows").get(1);
    assertThat(adaptive.get("label").asText()).isEqualTo("nested-reft / adaptive / 0.375");
    assertThat(adaptive.get("fraction").asDouble()).isEqualTo(0.375);
    assertThat(adaptive.get("seeds").asInt()).isEqualTo(3);
    JsonNode after = adaptive.get("accuracy_after");
    assertThat(after.get("mean").asDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(after.get("sd").asDouble()).isCloseTo(0.05, within(1e-12));
    assertThat(after.get("ci95_low").asDouble()).isCloseTo(0.625793, within(1e-6));
    assertThat(after.get("ci95_high").asDouble()).isCloseTo(0.874207, within(1e-6));
    assertThat(adaptive.get("accuracy_before").get("mean").asDouble()).isCloseTo(0.67, within(1e-12));
    assertThat(adaptive.get("gain_points").asDouble()).isCloseTo((5 + 10 + 9) / 3.0, within(1e-9));
    assertThat(adaptive.get("ess").asDouble()).isCloseTo((0.5 + 0.4 + 0.6) / 3, within(1e-12));
    assertThat(adaptive.get("reward_mean").asDouble()).isCloseTo((0.6 + 0.6 + 0.5) / 3, within(1e-12));
    assertThat(adaptive.get("kl_behavior_target").asDouble()).isCloseTo((0.3 + 0.2 + 0.3) / 3, within(1e-12));
    JsonNode ratio = adaptive.get("nested_over_full_tokens_per_s");
    assertThat(ratio.get("median").asDouble()).isCloseTo(1.3, within(1e-12));
    assertThat(ratio.get("min").asDouble()).isCloseTo(1.2, within(1e-12));
    assertThat(ratio.get("max").asDouble()).isCloseTo(1.5, within(1e-12));
    assertThat(adaptive.get("rollout_tokens_per_s").asDouble()).isCloseTo(13_000, within(1e-9));
    JsonNode shares = adaptive.get("step_time_share");
    assertThat(shares.get("rollouts").asDouble()).isCloseTo((0.5 + 0.5 + 0.2) / 3, within(1e-12));
    assertThat(shares.get("rewards").asDouble()).isCloseTo(0.4, within(1e-12)); // only a3 recorded reward_s
    assertThat(shares.get("publishing").asDouble()).isCloseTo((0.05 + 0.05 + 0.1) / 3, within(1e-12));
    assertThat(shares.get("other").asDouble()).isCloseTo(0.05, within(1e-12)); // only a3 has every part
    JsonNode reft = json.get("rows").get(0);
    assertThat(reft.get("accuracy_after").get("sd").isNull()).isTrue(); // one seed
    assertThat(reft.get("accuracy_after").get("ci95_low").isNull()).isTrue();
    assertThat(reft.get("fraction").isNull()).isTrue();
    assertThat(reft.get("step_time_share").get("rewards").isNull()).isTrue();
    assertThat(json.get("runs")).hasSize(4);
    assertThat(json.get("runs").get(2).get("reused").asBoolean()).isTrue();
    assertThat(json.get("runs").get(0).get("summary").get("accuracy_after").asDouble()).isEqualTo(0.80);
    assertThat(json.get("runs").get(0).get("eval_curve").toString())
        .isEqualTo("[[0.0,0.7],[8.0,0.77],[8.0,0.8]]");
  }

  @Test
  void theMarkdownTablesHaveALinePerRow() throws IOException {
    String md = CompareReport.markdown(CompareReport.rows(study()), EvalSplit.TEST);
    assertThat(md).contains(
        "| row | seeds | accuracy after (test) | 95% t-interval | accuracy before | gain (points) |",
        "| reft | 1 | 0.800 | n/a | 0.700 | +10.0 |",
        "| nested-reft / adaptive / 0.375 | 3 | 0.750 ± 0.050 | [0.626, 0.874] | 0.670 | +8.0 |",
        "| nested-reft / adaptive / 0.375 | 0.500 | 0.567 | 0.267 | 1.30× (1.20–1.50) | 13,000 | 7 |",
        "| reft | 50.0% | n/a | n/a | 25.0% | 12.5% |",
        "| nested-reft / adaptive / 0.375 | 40.0% | 40.0% |");
  }

  /** Only a study with runs of the one-step-off pipeline, whose step parts overlap, says so under the shares. */
  @Test
  void theSharesOfPipelinedRunsAreSaidToOverlap() throws IOException {
    String note = "parts overlap and can add up to more than 100%";
    assertThat(CompareReport.markdown(CompareReport.rows(study()), EvalSplit.TEST)).doesNotContain(note);
    Path dir = run("pipelined", 0.7, 0.8, 10_000, 10_000, 9_000, List.of(step(1, 0.8, 0, 3, 3, 0.5, 4)));
    new RunDirectory(dir).updateSummary(Map.of("pipeline", "one-step-off"));
    CompareReport.Run pipelined = CompareReport.read(dir, REFT, 1, false);
    assertThat(pipelined.pipelined()).isTrue();
    assertThat(study().get(0).pipelined()).as("a summary without the field: sync").isFalse();
    assertThat(CompareReport.markdown(CompareReport.rows(List.of(pipelined)), EvalSplit.TEST))
        .contains("| reft | 75.0% | n/a | n/a | 75.0% | 12.5% |").contains(note);
  }

  @Test
  void theReportAndItsChartsAreWritten() throws IOException {
    Path out = runs.resolve("compare");
    Files.createDirectories(out);
    List<CompareReport.Run> runs = study();
    String md = CompareReport.write(out, runs, EvalSplit.TEST);
    assertThat(Files.readString(out.resolve("compare.md"))).isEqualTo(md);
    assertThat(JSON.readTree(out.resolve("compare.json").toFile()).get("rows")).hasSize(2);
    for (String chart : CompareCharts.files()) {
      assertThat(out.resolve(chart)).isNotEmptyFile();
    }
    assertThat(CompareCharts.scatter(CompareReport.rows(runs), "accuracy").getSeriesMap())
        .containsOnlyKeys("reft", "nested-reft / adaptive / 0.375");
  }
}
