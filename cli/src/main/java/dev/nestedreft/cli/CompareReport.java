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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@code compare} reports, read back from the run directories alone ({@code summary.json} and
 * {@code metrics.jsonl}), so that a reused run is reported exactly as a fresh one and the report can be tested
 * without training: {@code compare.md} (three tables, one line per row), {@code compare.json} (the rows' figures
 * and every run's), the charts ({@link CompareCharts}) and {@code compare.html}, which shows the tables and the
 * charts in one page ({@link HtmlPage}, as a run's {@code report.html}).
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
  static final String JSON_FILE = "compare.json";
  static final String MARKDOWN_FILE = "compare.md";
  static final String HTML_FILE = "compare.html";

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
      return RunFiles.number(summary.get(field));
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
    ROLLOUTS("rollouts", RunFiles.ROLLOUT_S), REWARDS("rewards", RunFiles.REWARD_S),
    TARGET("target log-probs", RunFiles.TARGET_LOGPROBS_S), LEARNER("learner", RunFiles.LEARNER_S),
    PUBLISHING("publishing", RunFiles.PUBLISH_S), OTHER("other", null);

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
    if (!Files.exists(dir.resolve(RunDirectory.SUMMARY)) || !Files.exists(dir.resolve(RunDirectory.METRICS))) {
      throw new NestedReftException(dir + ": cannot read the run's summary.json and metrics.jsonl: the run has not "
          + "written both");
    }
    RunFiles files = RunFiles.read(dir);
    List<JsonNode> steps = files.steps();
    List<double[]> curve = new ArrayList<>();
    curve.add(new double[] {0, files.summaryNumber("accuracy_before")});
    double wall = 0;
    for (JsonNode step : steps) {
      wall += finiteOrZero(step.get(RunFiles.STEP_S));
      if (step.has(RunFiles.TEST_ACCURACY)) {
        curve.add(new double[] {wall, RunFiles.number(step.get(RunFiles.TEST_ACCURACY))});
      }
    }
    curve.add(new double[] {wall, files.summaryNumber("accuracy_after")});
    return new Run(variant, seed, dir.getFileName().toString(), reused, files.summary(), mean(steps, RunFiles.ESS),
        mean(steps, RunFiles.REWARD_MEAN), mean(steps, RunFiles.KL_BEHAVIOR_TARGET), shares(steps), wall, curve);
  }

  /**
   * The share of the steps' total time ({@code step_s}) in each {@link Part}, in its order; a part no step timed is
   * NaN, and so is {@link Part#OTHER} then.
   */
  static double[] shares(List<JsonNode> steps) {
    double[] shares = new double[Part.values().length];
    double timed = 0;
    for (Part part : Part.values()) {
      if (part != Part.OTHER) {
        shares[part.ordinal()] = share(steps, part.metric);
        timed += shares[part.ordinal()];
      }
    }
    shares[Part.OTHER.ordinal()] = Double.isFinite(timed) ? Math.max(0, 1 - timed) : Double.NaN;
    return shares;
  }

  /** The runs grouped into rows, in the order their first runs come. */
  static List<Row> rows(List<Run> runs) {
    Map<CompareVariant, List<Run>> byVariant = new LinkedHashMap<>();
    runs.forEach(r -> byVariant.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r));
    return byVariant.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
  }

  /**
   * Writes {@code compare.json}, {@code compare.md}, the charts and {@code compare.html} to {@code out}; returns the
   * markdown.
   */
  static String write(Path out, List<Run> runs, EvalSplit split) throws IOException {
    List<Row> rows = rows(runs);
    writeJson(out, runs, split);
    String markdown = markdown(rows, split);
    AtomicFiles.writeString(out.resolve(MARKDOWN_FILE), markdown);
    html(out, rows, runs, split).write(out.resolve(HTML_FILE));
    return markdown;
  }

  /**
   * {@code compare.html}, in the style of a run's {@code report.html}: the tables of {@code compare.md}, the charts
   * ({@link CompareCharts}, written beside it) and a link to each run's report.
   */
  static HtmlPage html(Path out, List<Row> rows, List<Run> runs, EvalSplit split) {
    String name = out.getFileName().toString();
    HtmlPage page = new HtmlPage(name.equals("compare") ? "Comparison" : "Comparison " + name);
    int seeds = rows.stream().mapToInt(r -> r.runs().size()).max().orElse(0);
    Row best = rows.stream().filter(r -> Double.isFinite(r.accuracyAfter().mean()))
        .max(Comparator.comparingDouble(r -> r.accuracyAfter().mean())).orElse(null);
    page.lead(String.format(Locale.ROOT, "%d %s, %d %s each at most, accuracy on the %s split.%s", rows.size(),
        rows.size() == 1 ? "row" : "rows", seeds, seeds == 1 ? "seed" : "seeds", split.configName(),
        best == null ? "" : " Highest mean accuracy after RL: " + best.variant().label() + ", "
            + Figures.fixed(best.accuracyAfter().mean(), 3) + "."));
    List<ReportTable> tables = tables(rows, split);
    page.section("Accuracy per row").note(legend(split)).table(tables.get(0), "headline");
    page.section("Charts");
    CompareCharts.write(rows, runs, split, out, page);
    page.section("Off-policyness and speed").table(tables.get(1));
    page.section("Where the RL steps' wall time goes").table(tables.get(2)).note("Each run's time in that part over "
        + "its steps' total (rollout_s, reward_s, learner_s, publish_s over step_s in metrics.jsonl), then the mean "
        + "over seeds; other is the rest: reading the batch, the advantages, the learner's log-probs before the "
        + "update, the behavior policy's draw.");
    List<String[]> reports = new ArrayList<>();
    for (Run run : runs) {
      if (Files.exists(out.resolveSibling(run.name()).resolve(RunReport.FILE))) {
        reports.add(new String[] {"../" + run.name() + "/" + RunReport.FILE, run.variant().label() + ", seed "
            + run.seed()});
      }
    }
    if (!reports.isEmpty()) {
      page.section("Each run's report").links(reports);
    }
    page.section("Files").links(List.of(new String[] {MARKDOWN_FILE, MARKDOWN_FILE},
        new String[] {JSON_FILE, JSON_FILE}));
    return page;
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
      put(r, RunFiles.ESS, row.stats(Run::ess).mean());
      put(r, RunFiles.REWARD_MEAN, row.stats(Run::behaviorReward).mean());
      put(r, RunFiles.KL_BEHAVIOR_TARGET, row.stats(Run::klBehaviorTarget).mean());
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
      put(r, RunFiles.ESS, run.ess());
      put(r, RunFiles.REWARD_MEAN, run.behaviorReward());
      put(r, RunFiles.KL_BEHAVIOR_TARGET, run.klBehaviorTarget());
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
    List<ReportTable> tables = tables(rows, split);
    String overlap = rows.stream().flatMap(row -> row.runs().stream()).anyMatch(Run::pipelined)
        ? "\nRuns of the `one-step-off` pipeline generate the next step's rollouts while the rest of the step runs, so "
            + "their parts overlap and can add up to more than 100%.\n" : "";
    return legend(split) + "\n\n" + tables.get(0).markdown() + "\n" + tables.get(1).markdown()
        + "\nShare of the RL steps' wall time:\n\n" + tables.get(2).markdown() + overlap;
  }

  /** How to read the tables. */
  static String legend(EvalSplit split) {
    return "Accuracy is greedy, on the " + split.configName() + " split. Over the seeds of a row: mean ± sample "
        + "standard deviation, the 95% t-interval of the mean (n/a with one seed); other figures are means over the "
        + "steps of a run, then over seeds, except nested / full tokens/s (median and range over seeds).";
  }

  /**
   * The report's three tables, a line per row: accuracy; off-policyness and speed; the share of the RL steps' wall
   * time in each {@link Part}.
   */
  static List<ReportTable> tables(List<Row> rows, EvalSplit split) {
    ReportTable.Builder accuracy = ReportTable.of("row", "seeds", "accuracy after (" + split.configName() + ")",
        "95% t-interval", "accuracy before", "gain (points)");
    ReportTable.Builder speed = ReportTable.of("row", "effective sample size", "behavior reward",
        "KL(behavior ‖ target)", "nested / full tokens/s at the end: median (range)",
        "rollout tokens/s (run's behavior)", "RL steps s");
    List<String> parts = new ArrayList<>(List.of("row"));
    for (Part part : Part.values()) {
      parts.add(part.title);
    }
    ReportTable.Builder time = ReportTable.of(parts.toArray(new String[0]));
    for (Row row : rows) {
      String label = row.variant().label();
      SeedStats after = row.accuracyAfter();
      accuracy.row(label, Integer.toString(row.runs().size()),
          after.n() > 1 ? Figures.fixed(after.mean(), 3) + " ± " + Figures.fixed(after.sd(), 3)
              : Figures.fixed(after.mean(), 3),
          after.n() > 1 ? "[" + Figures.fixed(after.low95(), 3) + ", " + Figures.fixed(after.high95(), 3) + "]"
              : Figures.NOT_AVAILABLE,
          Figures.fixed(row.accuracyBefore().mean(), 3), Figures.signed(row.gainPoints().mean()));
      SeedStats ratio = row.stats(Run::nestedOverFull);
      speed.row(label, Figures.fixed(row.stats(Run::ess).mean(), 3),
          Figures.fixed(row.stats(Run::behaviorReward).mean(), 3),
          Figures.fixed(row.stats(Run::klBehaviorTarget).mean(), 3),
          ratio.n() == 0 ? Figures.NOT_AVAILABLE : Figures.times(ratio.median()) + " ("
              + Figures.fixed(ratio.min(), 2) + "–" + Figures.fixed(ratio.max(), 2) + ")",
          Figures.grouped(row.stats(Run::rolloutTokensPerSecond).mean()),
          Figures.fixed(row.stats(Run::rlStepsSeconds).mean(), 0));
      List<String> shares = new ArrayList<>(List.of(label));
      for (Part part : Part.values()) {
        shares.add(Figures.percent(row.share(part).mean()));
      }
      time.row(shares);
    }
    return List.of(accuracy.build(), speed.build(), time.build());
  }

  private static double finiteOrZero(JsonNode node) {
    double v = RunFiles.number(node);
    return Double.isFinite(v) ? v : 0;
  }

  /** The mean of {@code metric} over the steps that recorded a finite value; NaN when none did. */
  static double mean(List<JsonNode> steps, String metric) {
    return SeedStats.of(steps.stream().mapToDouble(s -> RunFiles.number(s.get(metric))).toArray()).mean();
  }

  /** Σ metric / Σ step_s over the steps that recorded both; NaN when none did. */
  static double share(List<JsonNode> steps, String metric) {
    double part = 0;
    double total = 0;
    for (JsonNode step : steps) {
      double v = RunFiles.number(step.get(metric));
      double t = RunFiles.number(step.get(RunFiles.STEP_S));
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
