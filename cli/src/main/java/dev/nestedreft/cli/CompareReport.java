package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@code compare} reports, read back from the run directories alone ({@code summary.json} and
 * {@code metrics.jsonl}), so that a reused run is reported exactly as a fresh one and the report can be tested
 * without training: {@code compare.md} (three tables, one line per row), {@code compare.json} (the rows' figures
 * and every run's) and the charts ({@link CompareCharts}).
 *
 * <p>Per row, over its seeds: the accuracy after RL (mean, sample standard deviation and the 95% t-interval of the
 * mean; n/a with one seed), the accuracy before and the gain; from each run's metrics, averaged over its steps and
 * then over seeds, the effective sample size, the behavior's reward and KL(behavior ‖ target); the nested / full
 * rollout tokens/s measured side by side at the end of each run (median and range over seeds); and the share of the
 * RL steps' wall time spent in rollouts, rewards, the learner and publishing (each run's total time in that part over
 * its total step time, then the mean over seeds). A figure that a run did not record is left out of its mean; one
 * that no run recorded is n/a.
 */
final class CompareReport {
  /** The metrics read from {@code metrics.jsonl}, as docs/METRICS.md names them. */
  static final String ESS = "ess";
  static final String REWARD_MEAN = "reward_mean";
  static final String KL_BEHAVIOR_TARGET = "kl_behavior_target";
  static final String ROLLOUT_S = "rollout_s";
  static final String REWARD_S = "reward_s";
  static final String LEARNER_S = "learner_s";
  static final String PUBLISH_S = "publish_s";
  static final String STEP_S = "step_s";
  static final String TEST_ACCURACY = "test_accuracy";

  static final String JSON_FILE = "compare.json";
  static final String MARKDOWN_FILE = "compare.md";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CompareReport() {}

  /**
   * One finished run, as its directory records it.
   *
   * @param variant the row it belongs to
   * @param seed its seed
   * @param name the run's name (its directory under the runs folder)
   * @param reused whether {@code --reuse-finished} took it instead of training it again
   * @param summary its {@code summary.json}
   * @param ess the mean effective sample size over its steps
   * @param behaviorReward the mean reward of the behavior's samples over its steps
   * @param klBehaviorTarget the mean KL(behavior ‖ target) over its steps
   * @param shares the share of the step time in rollouts, rewards, the learner and publishing (NaN: not recorded)
   * @param rlStepsSeconds the RL steps' wall time (the sum of {@code step_s}; no warm-up, no evaluations)
   * @param evalCurve (seconds of RL steps, accuracy) points: before, each evaluation during the run, after
   */
  record Run(CompareVariant variant, int seed, String name, boolean reused, ObjectNode summary, double ess,
      double behaviorReward, double klBehaviorTarget, double[] shares, double rlStepsSeconds,
      List<double[]> evalCurve) {
    Run {
      shares = shares.clone();
      evalCurve = List.copyOf(evalCurve);
    }

    double summaryNumber(String field) {
      return number(summary.get(field));
    }

    double accuracyBefore() {
      return summaryNumber("accuracy_before");
    }

    double accuracyAfter() {
      return summaryNumber("accuracy_after");
    }

    /** Nested over full rollout tokens/s, measured side by side at the end of the run. */
    double nestedOverFull() {
      return summaryNumber("nested_rollout_tokens_per_s") / summaryNumber("full_rollout_tokens_per_s");
    }

    /**
     * Whether the run generated each step's rollouts while the step before it trained (pipeline
     * {@code one-step-off}); a run whose summary does not say (older runs) was {@code sync}.
     */
    boolean pipelined() {
      return "one-step-off".equals(summary.path("pipeline").asText());
    }

    /** Rollout tokens/s of the run's behavior plans over all its steps. */
    double rolloutTokensPerSecond() {
      return summaryNumber("rollout_tokens_per_s");
    }
  }

  /**
   * The parts of a step whose share of the step time is reported, in table order. {@link #OTHER} is what the
   * timed parts leave: reading the rollout batch, the advantages, handing the batch to the learner and computing
   * its log-probs before the update, and the behavior policy's draw and update.
   */
  enum Part {
    ROLLOUTS("rollouts", ROLLOUT_S), REWARDS("rewards", REWARD_S), LEARNER("learner", LEARNER_S),
    PUBLISHING("publishing", PUBLISH_S), OTHER("other", null);

    final String title;
    final String metric;

    Part(String title, String metric) {
      this.title = title;
      this.metric = metric;
    }

    String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A row: a variant's runs over the seeds.
   *
   * @param variant the row
   * @param runs its runs, one per seed
   */
  record Row(CompareVariant variant, List<Run> runs) {
    Row {
      runs = List.copyOf(runs);
    }

    SeedStats stats(ToDoubleFunction<Run> figure) {
      return SeedStats.of(runs.stream().mapToDouble(figure).toArray());
    }

    SeedStats accuracyAfter() {
      return stats(Run::accuracyAfter);
    }

    SeedStats accuracyBefore() {
      return stats(Run::accuracyBefore);
    }

    /** The gain in points (100 × (after − before)), per seed. */
    SeedStats gainPoints() {
      return stats(r -> 100 * (r.accuracyAfter() - r.accuracyBefore()));
    }

    SeedStats share(Part part) {
      return stats(r -> r.shares()[part.ordinal()]);
    }
  }

  /**
   * Reads a finished run from its directory.
   *
   * @throws NestedReftException naming the directory when its summary or metrics cannot be read
   */
  static Run read(Path dir, CompareVariant variant, int seed, boolean reused) {
    ObjectNode summary;
    List<JsonNode> steps = new ArrayList<>();
    try {
      summary = (ObjectNode) JSON.readTree(dir.resolve(RunDirectory.SUMMARY).toFile());
      for (String line : Files.readAllLines(dir.resolve(RunDirectory.METRICS))) {
        if (!line.isBlank()) {
          steps.add(JSON.readTree(line));
        }
      }
    } catch (IOException | ClassCastException e) {
      throw new NestedReftException(dir + ": cannot read the run's summary.json and metrics.jsonl: " + e.getMessage(),
          e);
    }
    double[] shares = new double[Part.values().length];
    double timed = 0;
    for (Part part : Part.values()) {
      if (part != Part.OTHER) {
        shares[part.ordinal()] = share(steps, part.metric);
        timed += shares[part.ordinal()];
      }
    }
    shares[Part.OTHER.ordinal()] = Double.isFinite(timed) ? Math.max(0, 1 - timed) : Double.NaN;
    List<double[]> curve = new ArrayList<>();
    curve.add(new double[] {0, number(summary.get("accuracy_before"))});
    double wall = 0;
    for (JsonNode step : steps) {
      wall += finiteOrZero(step.get(STEP_S));
      if (step.has(TEST_ACCURACY)) {
        curve.add(new double[] {wall, number(step.get(TEST_ACCURACY))});
      }
    }
    curve.add(new double[] {wall, number(summary.get("accuracy_after"))});
    return new Run(variant, seed, dir.getFileName().toString(), reused, summary, mean(steps, ESS),
        mean(steps, REWARD_MEAN), mean(steps, KL_BEHAVIOR_TARGET), shares, wall, curve);
  }

  /** The runs grouped into rows, in the order their first runs come. */
  static List<Row> rows(List<Run> runs) {
    Map<CompareVariant, List<Run>> byVariant = new LinkedHashMap<>();
    runs.forEach(r -> byVariant.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r));
    return byVariant.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
  }

  /** Writes {@code compare.json}, {@code compare.md} and the charts to {@code out}; returns the markdown. */
  static String write(Path out, List<Run> runs, EvalSplit split) throws IOException {
    List<Row> rows = rows(runs);
    writeJson(out, runs, split);
    String markdown = markdown(rows, split);
    AtomicFiles.writeString(out.resolve(MARKDOWN_FILE), markdown);
    CompareCharts.write(rows, runs, split, out);
    return markdown;
  }

  /** Writes {@code compare.json} alone (after each run, so that an interrupted study keeps what it finished). */
  static void writeJson(Path out, List<Run> runs, EvalSplit split) throws IOException {
    AtomicFiles.writeString(out.resolve(JSON_FILE), JSON.writerWithDefaultPrettyPrinter()
        .writeValueAsString(json(rows(runs), runs, split)) + "\n");
  }

  /** {@code {"eval_split": ..., "rows": [...], "runs": [...]}}; figures that are n/a are null. */
  static ObjectNode json(List<Row> rows, List<Run> runs, EvalSplit split) {
    ObjectNode root = JSON.createObjectNode().put("eval_split", split.configName());
    ArrayNode rowNodes = root.putArray("rows");
    for (Row row : rows) {
      ObjectNode r = rowNodes.addObject();
      variant(r, row.variant());
      r.put("seeds", row.runs().size());
      ArrayNode names = r.putArray("runs");
      row.runs().forEach(run -> names.add(run.name()));
      SeedStats after = row.accuracyAfter();
      ObjectNode a = r.putObject("accuracy_after");
      put(a, "mean", after.mean());
      put(a, "sd", after.sd());
      put(a, "ci95_low", after.low95());
      put(a, "ci95_high", after.high95());
      SeedStats before = row.accuracyBefore();
      ObjectNode b = r.putObject("accuracy_before");
      put(b, "mean", before.mean());
      put(b, "sd", before.sd());
      put(r, "gain_points", row.gainPoints().mean());
      put(r, ESS, row.stats(Run::ess).mean());
      put(r, REWARD_MEAN, row.stats(Run::behaviorReward).mean());
      put(r, KL_BEHAVIOR_TARGET, row.stats(Run::klBehaviorTarget).mean());
      SeedStats ratio = row.stats(Run::nestedOverFull);
      ObjectNode n = r.putObject("nested_over_full_tokens_per_s");
      put(n, "median", ratio.median());
      put(n, "min", ratio.min());
      put(n, "max", ratio.max());
      put(r, "rollout_tokens_per_s", row.stats(Run::rolloutTokensPerSecond).mean());
      ObjectNode shares = r.putObject("step_time_share");
      for (Part part : Part.values()) {
        put(shares, part.jsonName(), row.share(part).mean());
      }
      put(r, "rl_steps_s", row.stats(Run::rlStepsSeconds).mean());
    }
    ArrayNode runNodes = root.putArray("runs");
    for (Run run : runs) {
      ObjectNode r = runNodes.addObject();
      variant(r, run.variant());
      r.put("seed", run.seed());
      r.put("run", run.name());
      r.put("reused", run.reused());
      r.set("summary", run.summary());
      put(r, ESS, run.ess());
      put(r, REWARD_MEAN, run.behaviorReward());
      put(r, KL_BEHAVIOR_TARGET, run.klBehaviorTarget());
      ObjectNode shares = r.putObject("step_time_share");
      for (Part part : Part.values()) {
        put(shares, part.jsonName(), run.shares()[part.ordinal()]);
      }
      put(r, "rl_steps_s", run.rlStepsSeconds());
      ArrayNode curve = r.putArray("eval_curve");
      run.evalCurve().forEach(p -> {
        ArrayNode point = curve.addArray();
        put(point, p[0]);
        put(point, p[1]);
      });
    }
    return root;
  }

  private static void variant(ObjectNode node, CompareVariant v) {
    node.put("label", v.label());
    node.put("algo", v.algo());
    node.put("behavior", v.behavior());
    node.put("fraction", v.fraction() == null ? null : Double.valueOf(v.fraction()));
    node.put("behavior_setting", v.behaviorSetting());
  }

  /** The three tables of {@code compare.md}, with a legend. */
  static String markdown(List<Row> rows, EvalSplit split) {
    String set = split.configName();
    StringBuilder s = new StringBuilder();
    s.append("Accuracy is greedy, on the ").append(set).append(" split. Over the seeds of a row: mean ± sample "
        + "standard deviation, the 95% t-interval of the mean (n/a with one seed); other figures are means over the "
        + "steps of a run, then over seeds, except nested / full tokens/s (median and range over seeds).\n\n");
    s.append("| row | seeds | accuracy after (").append(set)
        .append(") | 95% t-interval | accuracy before | gain (points) |\n");
    s.append("|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      SeedStats after = row.accuracyAfter();
      s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |\n", row.variant().label(),
          row.runs().size(),
          after.n() > 1 ? format(after.mean(), 3) + " ± " + format(after.sd(), 3) : format(after.mean(), 3),
          after.n() > 1 ? "[" + format(after.low95(), 3) + ", " + format(after.high95(), 3) + "]" : "n/a",
          format(row.accuracyBefore().mean(), 3), signed(row.gainPoints().mean())));
    }
    s.append("\n| row | effective sample size | behavior reward | KL(behavior ‖ target) | nested / full tokens/s "
        + "at the end: median (range) | rollout tokens/s (run's behavior) | RL steps s |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      SeedStats ratio = row.stats(Run::nestedOverFull);
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |\n", row.variant().label(),
          format(row.stats(Run::ess).mean(), 3), format(row.stats(Run::behaviorReward).mean(), 3),
          format(row.stats(Run::klBehaviorTarget).mean(), 3),
          ratio.n() == 0 ? "n/a" : format(ratio.median(), 2) + "× (" + format(ratio.min(), 2) + "–"
              + format(ratio.max(), 2) + ")",
          grouped(row.stats(Run::rolloutTokensPerSecond).mean()), format(row.stats(Run::rlStepsSeconds).mean(), 0)));
    }
    s.append("\nShare of the RL steps' wall time:\n\n| row |");
    for (Part part : Part.values()) {
      s.append(' ').append(part.title).append(" |");
    }
    s.append("\n|---|").append("---|".repeat(Part.values().length)).append('\n');
    for (Row row : rows) {
      s.append("| ").append(row.variant().label()).append(" |");
      for (Part part : Part.values()) {
        double share = row.share(part).mean();
        s.append(' ').append(Double.isFinite(share) ? format(100 * share, 1) + "%" : "n/a").append(" |");
      }
      s.append('\n');
    }
    if (rows.stream().flatMap(row -> row.runs().stream()).anyMatch(Run::pipelined)) {
      s.append("\nRuns of the `one-step-off` pipeline generate the next step's rollouts while the rest of the step "
          + "runs, so their parts overlap and can add up to more than 100%.\n");
    }
    return s.toString();
  }

  private static String format(double value, int digits) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + digits + "f", value) : "n/a";
  }

  private static String signed(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.1f", value) : "n/a";
  }

  private static String grouped(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : "n/a";
  }

  /** A JSON number as a double: NaN when absent, null, not a number, or the string {@code "NaN"}. */
  static double number(JsonNode node) {
    if (node == null || node.isNull()) {
      return Double.NaN;
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private static double finiteOrZero(JsonNode node) {
    double v = number(node);
    return Double.isFinite(v) ? v : 0;
  }

  /** The mean of {@code metric} over the steps that recorded a finite value; NaN when none did. */
  static double mean(List<JsonNode> steps, String metric) {
    return SeedStats.of(steps.stream().mapToDouble(s -> number(s.get(metric))).toArray()).mean();
  }

  /** Σ metric / Σ step_s over the steps that recorded both; NaN when none did. */
  static double share(List<JsonNode> steps, String metric) {
    double part = 0;
    double total = 0;
    for (JsonNode step : steps) {
      double v = number(step.get(metric));
      double t = number(step.get(STEP_S));
      if (Double.isFinite(v) && Double.isFinite(t)) {
        part += v;
        total += t;
      }
    }
    return total > 0 ? part / total : Double.NaN;
  }

  private static void put(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static void put(ArrayNode node, double value) {
    if (Double.isFinite(value)) {
      node.add(value);
    } else {
      node.addNull();
    }
  }
}
