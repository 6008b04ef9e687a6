package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nestedreft.api.train.RunDirectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code runs/<name>/report.html}: one page for a person deciding whether a run worked, written from the run
 * directory alone ({@link RunFiles}), so that any run folder can be reported again. It opens with the verdict and a
 * table of the headline figures (accuracy before and after RL, nested and full rollout tokens/s, learner tokens/s,
 * wall time, steps, the algorithm), then charts against the RL step (PNG files beside the page): accuracy over
 * training, the reward with its moving average, the off-policy diagnostics each on its own axis (ratios on a log
 * scale), which layers each step skipped above the behavior's reward, and where each step's time went; then the
 * config and the TensorBoard command. A metric the run did not record is left out, never drawn as zero.
 */
final class RunReport {
  /** The page's file name in the run directory. */
  static final String FILE = "report.html";

  static final String ACCURACY_CHART = "accuracy";
  static final String REWARD_CHART = "reward";
  static final String OFF_POLICY_CHART = "off_policy";
  static final String LAYERS_CHART = "layers";
  static final String TIME_CHART = "step_time";
  static final String THROUGHPUT_CHART = "throughput";

  /** Steps in the moving averages drawn over the raw per-step series. */
  static final int AVERAGE_STEPS = 10;

  private static final int HEIGHT = 320;
  private static final int PANEL_HEIGHT = 250;
  /** pass@k and mean@n, where a run's summary records them. */
  private static final Pattern AT_K = Pattern.compile("(pass|mean)_at_([0-9]+)");

  private static final Color FULL = ReportCharts.PALETTE[0];
  private static final BasicStroke THIN = new BasicStroke(1f);
  private static final BasicStroke THICK = new BasicStroke(2.5f);
  private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
      new float[] {6f, 4f}, 0f);

  private RunReport() {}

  /** Writes {@code run/report.html} and its charts; returns the page's path. */
  static Path write(Path run) {
    RunFiles files = RunFiles.read(run);
    HtmlPage page = new HtmlPage("Run " + run.getFileName());
    page.lead(verdict(files));
    page.section("Headline figures").table(headline(files), "headline");
    double steps = lastStep(files);
    accuracy(files, page, steps);
    if (!files.steps().isEmpty()) {
      reward(files, page, steps);
      offPolicy(files, page, steps);
      layers(files, page, steps);
      time(files, page, steps);
      throughput(files, page, steps);
    }
    config(files, page);
    return page.write(run.resolve(FILE));
  }

  /** What the run did, in a sentence or two. */
  static String verdict(RunFiles files) {
    String split = capitalized(splitName(files));
    double before = files.summaryNumber("accuracy_before");
    double after = files.summaryNumber("accuracy_after");
    int steps = files.steps().size();
    StringBuilder s = new StringBuilder();
    if (Double.isFinite(after)) {
      s.append(String.format(Locale.ROOT, "%s accuracy %s → %s (%s points) after %s RL steps of %s.", split,
          Figures.fixed(before, 3), Figures.fixed(after, 3), Figures.signed(100 * (after - before)),
          Figures.grouped(files.summaryNumber("steps")), algorithm(files)));
      double ratio = files.summaryNumber("nested_rollout_tokens_per_s")
          / files.summaryNumber("full_rollout_tokens_per_s");
      if (Double.isFinite(ratio)) {
        s.append(" The nested behavior generated ").append(Figures.times(ratio))
            .append(" the full model's rollout tokens/s, measured side by side at the end.");
      }
    } else {
      s.append(String.format(Locale.ROOT, "No evaluation after RL: the run logged %d %s and has not finished "
          + "(interrupted, or still running; train --resume continues it).", steps, steps == 1 ? "step" : "steps"));
      if (Double.isFinite(before)) {
        s.append(" ").append(split).append(" accuracy before RL: ").append(Figures.fixed(before, 3)).append('.');
      }
    }
    double skipped = files.summaryNumber("skipped_steps");
    if (skipped > 0) {
      s.append(" ").append(Figures.grouped(skipped)).append(" steps skipped their update (a non-finite loss or "
          + "gradient).");
    }
    return s.toString();
  }

  /** The headline figures, rounded for reading; a figure the run did not record is left out. */
  static ReportTable headline(RunFiles files) {
    ReportTable.Builder table = ReportTable.of("figure", "value");
    String split = splitName(files);
    double before = files.summaryNumber("accuracy_before");
    double after = files.summaryNumber("accuracy_after");
    double problems = RunFiles.number(files.config().get("eval_problems"));
    String on = Double.isFinite(problems) ? " (greedy, " + Figures.grouped(problems) + " " + split + " problems)"
        : " (greedy)";
    add(table, split + " accuracy before RL" + on, Figures.fixed(before, 3), before);
    add(table, split + " accuracy after RL", Figures.fixed(after, 3) + " ("
        + Figures.signed(100 * (after - before)) + " points)", after);
    for (Map.Entry<String, JsonNode> e : files.summary().properties()) {
      Matcher m = AT_K.matcher(e.getKey());
      if (m.matches()) {
        double v = RunFiles.number(e.getValue());
        add(table, m.group(1) + "@" + m.group(2), Figures.fixed(v, 3), v);
      }
    }
    double nested = files.summaryNumber("nested_rollout_tokens_per_s");
    double full = files.summaryNumber("full_rollout_tokens_per_s");
    add(table, "rollout tokens/s, nested behavior (measured at the end)", Figures.grouped(nested), nested);
    add(table, "rollout tokens/s, full model (measured at the end)", Figures.grouped(full), full);
    add(table, "nested / full rollout tokens/s", Figures.times(nested / full), nested / full);
    double rollout = files.summaryNumber("rollout_tokens_per_s");
    add(table, "rollout tokens/s over the run's steps", Figures.grouped(rollout), rollout);
    double learner = files.summaryNumber("learner_tokens_per_s");
    add(table, "learner tokens/s (forward + backward)", Figures.grouped(learner), learner);
    double wall = files.summaryNumber("wall_s");
    add(table, "wall time (warm-up and evaluations included)", Figures.duration(wall), wall);
    double steps = files.summaryNumber("steps");
    add(table, "RL steps", Figures.grouped(Double.isFinite(steps) ? steps : files.steps().size()), 0);
    double skipped = files.summaryNumber("skipped_steps");
    add(table, "skipped steps (non-finite loss or gradient)", Figures.grouped(skipped), skipped);
    for (String field : List.of("algorithm", "correction", "behavior", "advantage", "reward", "seed")) {
      String value = files.text(field);
      if (value != null) {
        table.row(field, value);
      }
    }
    return table.build();
  }

  private static void add(ReportTable.Builder table, String figure, String text, double value) {
    if (Double.isFinite(value)) {
      table.row(figure, text);
    }
  }

  /** Accuracy before RL (step 0), at each periodic evaluation ({@code eval_every}), and after the last step. */
  private static void accuracy(RunFiles files, HtmlPage page, double steps) {
    String split = splitName(files);
    XYChart chart = ReportCharts.steps(capitalized(split) + " accuracy over training", "greedy " + split
        + " accuracy", HEIGHT, steps);
    chart.getStyler().setYAxisDecimalPattern("0.00").setLegendVisible(false).setMarkerSize(8);
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, files.summaryNumber("accuracy_before")});
    double[] x = files.stepNumbers();
    double[] test = files.series(RunFiles.TEST_ACCURACY);
    for (int i = 0; i < x.length; i++) {
      points.add(new double[] {x[i], test[i]});
    }
    points.add(new double[] {steps, files.summaryNumber("accuracy_after")});
    points.removeIf(p -> !Double.isFinite(p[1]));
    if (points.isEmpty()) {
      return;
    }
    double[] px = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] py = points.stream().mapToDouble(p -> p[1]).toArray();
    XYSeries series = line(chart, "accuracy", px, py, FULL, THICK);
    series.setMarker(SeriesMarkers.CIRCLE);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double v : py) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    double margin = Math.max(0.02, (high - low) * 0.25);
    chart.getStyler().setYAxisMin(Math.max(0, low - margin)).setYAxisMax(Math.min(1, high + margin));
    for (double[] p : points) {
      chart.addAnnotation(new AnnotationText(Figures.fixed(p[1], 3), p[0], p[1] + margin / 3, false));
    }
    page.section(capitalized(split) + " accuracy over training").figure(ReportCharts.save(files.dir(),
        ACCURACY_CHART, chart), points.size() > 2 ? "Greedy " + split + " accuracy before RL (step 0), every "
        + "eval_every steps, and after the last step, on the same problems each time."
        : "Greedy " + split + " accuracy before and after RL. The run evaluated at no step between (eval_every "
        + "in the config sets how often it does).");
  }

  /**
   * The reward per step, faint, under its moving average; the train accuracy too where it is not the same series
   * (on arith, every reward is 0 or 1, and the two are equal).
   */
  private static void reward(RunFiles files, HtmlPage page, double steps) {
    double[] x = files.stepNumbers();
    double[] reward = files.series(RunFiles.REWARD_MEAN);
    double[] accuracy = files.series(RunFiles.TRAIN_ACCURACY);
    if (!files.has(RunFiles.REWARD_MEAN)) {
      return;
    }
    XYChart chart = ReportCharts.steps("Reward of each step's samples", "mean reward", HEIGHT, steps);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    int window = window(x.length);
    line(chart, "reward, per step", x, reward, ReportCharts.faint(FULL, 110), THIN);
    line(chart, averageLabel("reward", window), x, movingAverage(reward, window), FULL, THICK);
    boolean same = sameSeries(reward, accuracy);
    if (!same && files.has(RunFiles.TRAIN_ACCURACY)) {
      line(chart, averageLabel("train accuracy", window), x, movingAverage(accuracy, window),
          ReportCharts.PALETTE[1], DASHED);
    }
    page.section("Reward per step").figure(ReportCharts.save(files.dir(), REWARD_CHART, chart), "The mean reward "
        + "of each step's samples (faint), drawn by that step's behavior, and its " + averageLabel("", window)
        + " (bold). " + (same ? "The train accuracy (the share of samples with reward 1) is the same series on this "
        + "run, since every reward is 0 or 1, so it is not drawn again."
        : "Dashed: the train accuracy (the share of samples with reward 1), averaged the same way."));
  }

  /** Importance ratios on a log scale; ESS and the clipped fraction on [0, 1]; KL on its own axis. */
  private static void offPolicy(RunFiles files, HtmlPage page, double steps) {
    List<XYChart> panels = offPolicyPanels(files, steps);
    if (panels.isEmpty()) {
      return;
    }
    page.section("Off-policy diagnostics").figure(ReportCharts.save(files.dir(), OFF_POLICY_CHART,
        panels.toArray(new XYChart[0])), "How far the behavior's samples are from the target model's, per step. "
        + "Top: the smallest, mean and largest token importance ratio, on a log scale so that one spike does not "
        + "flatten the rest (1 is on-policy). Middle: the effective sample size of the sequence weights (1 "
        + "on-policy) and the share of tokens the correction clipped, truncated or masked. Bottom: the KL divergence "
        + "of the behavior from the target, in nats per token.");
  }

  /**
   * The off-policy panels that have data, top to bottom: the ratios (log axis, whole decades around them and 1), the
   * ESS and clipped fraction (0 to 1), the KL (from 0).
   */
  static List<XYChart> offPolicyPanels(RunFiles files, double steps) {
    double[] x = files.stepNumbers();
    List<XYChart> panels = new ArrayList<>();
    XYChart ratios = ReportCharts.steps("Token importance ratios π_target / π_behavior (log scale)", "ratio",
        PANEL_HEIGHT, steps);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    String[][] series = {{RunFiles.RATIO_MAX, "largest"}, {RunFiles.RATIO_MEAN, "mean"},
        {RunFiles.RATIO_MIN, "smallest"}};
    int[] colors = {3, 0, 2};
    for (int i = 0; i < series.length; i++) {
      double[] y = files.series(series[i][0]);
      for (int j = 0; j < y.length; j++) {
        if (!(y[j] > 0)) {
          y[j] = Double.NaN; // a log axis has no place for 0
        } else {
          low = Math.min(low, y[j]);
          high = Math.max(high, y[j]);
        }
      }
      line(ratios, series[i][1], x, y, ReportCharts.PALETTE[colors[i]], i == 1 ? THICK : THIN);
    }
    if (ReportCharts.drawsAnything(ratios)) {
      // whole decades around the ratios and 1 (the tolerance keeps an exact power of ten a bound, not inside one)
      double bottom = Math.pow(10, Math.floor(Math.log10(Math.min(low, 1)) + 1e-9));
      double top = Math.pow(10, Math.ceil(Math.log10(Math.max(high, 1)) - 1e-9));
      ratios.getStyler().setYAxisLogarithmic(true).setYAxisMin(bottom).setYAxisMax(top)
          .setYAxisLogarithmicDecadeOnly(true);
      panels.add(ratios);
    }
    XYChart fractions = ReportCharts.steps("Effective sample size and clipped / masked tokens",
        "fraction of the batch", PANEL_HEIGHT, steps);
    fractions.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.0");
    line(fractions, "effective sample size", x, files.series(RunFiles.ESS), ReportCharts.PALETTE[0], THICK);
    line(fractions, "clipped, truncated or masked tokens", x, files.series(RunFiles.CLIP_FRACTION),
        ReportCharts.PALETTE[1], THICK);
    if (ReportCharts.drawsAnything(fractions)) {
      panels.add(fractions);
    }
    XYChart kl = ReportCharts.steps("KL(behavior ‖ target) per token", "nats", PANEL_HEIGHT, steps);
    kl.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("0.00").setLegendVisible(false);
    line(kl, "KL(behavior ‖ target)", x, files.series(RunFiles.KL_BEHAVIOR_TARGET), ReportCharts.PALETTE[4], THICK);
    if (ReportCharts.drawsAnything(kl)) {
      panels.add(kl);
    }
    return panels;
  }

  /** Which layers each step's behavior skipped, above the reward of that step's samples; a table per layer. */
  private static void layers(RunFiles files, HtmlPage page, double steps) {
    List<List<Integer>> skipped = files.skippedLayers();
    int layers = files.layerCount();
    if (layers == 0 || skipped.stream().allMatch(List::isEmpty)) {
      if (layers > 0) {
        page.section("Layers skipped").note("The behavior ran all " + layers + " layers at every step (the full "
            + "model): the run is on-policy.");
      }
      return;
    }
    double[] x = files.stepNumbers();
    XYChart strip = ReportCharts.steps("Layers the behavior skipped at each step", "layer", 60 + 24 * layers,
        steps);
    List<List<Double>> ran = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Double>> skip = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < x.length; i++) {
      for (int layer = 0; layer < layers; layer++) {
        List<List<Double>> cells = skipped.get(i).contains(layer) ? skip : ran;
        cells.get(0).add(x[i]);
        cells.get(1).add((double) layer);
      }
    }
    int cell = (int) Math.max(3, Math.min(18, Math.min(800 / Math.max(1, steps), 22)));
    strip.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    strip.getStyler().setYAxisMin(-0.5).setYAxisMax(layers - 0.5).setYAxisDecimalPattern("0")
        .setYAxisTickMarkSpacingHint(20).setLegendVisible(false).setMarkerSize(cell);
    if (!ran.get(0).isEmpty()) {
      XYSeries ranMarks = strip.addSeries("ran", ran.get(0), ran.get(1));
      ranMarks.setMarker(SeriesMarkers.SQUARE);
      ranMarks.setMarkerColor(new Color(0xE4E8EC));
    }
    XYSeries skipMarks = strip.addSeries("skipped", skip.get(0), skip.get(1));
    skipMarks.setMarker(SeriesMarkers.SQUARE);
    skipMarks.setMarkerColor(new Color(0x3B4A5A));
    XYChart reward = ReportCharts.steps("Reward of the step's samples, drawn by that behavior", "mean reward",
        PANEL_HEIGHT, steps);
    reward.getStyler().setYAxisDecimalPattern("0.00").setLegendVisible(false);
    XYSeries perStep = line(reward, "reward", x, files.series(RunFiles.REWARD_MEAN), FULL, THIN);
    if (perStep != null) {
      perStep.setMarker(SeriesMarkers.CIRCLE);
    }
    page.section("Layers skipped, and what the behavior earned").figure(ReportCharts.save(files.dir(), LAYERS_CHART,
        strip, reward), "Top: each step's layers, dark where the behavior skipped the layer, light where it ran it "
        + "(layer 0 is the first). "
        + "Bottom, on the same steps: the mean reward of that step's samples, which the behavior drew.");
    page.table(perLayer(files, skipped, layers)).note("Steps that skipped a layer against those that ran it: the "
        + "mean reward of their samples and the mean KL(behavior ‖ target). A layer whose skipping costs much reward "
        + "or KL is one the behavior should keep.");
  }

  /** Per layer: how often it was skipped, and the reward and KL of the steps that skipped it and of the others. */
  static ReportTable perLayer(RunFiles files, List<List<Integer>> skipped, int layers) {
    double[] reward = files.series(RunFiles.REWARD_MEAN);
    double[] kl = files.series(RunFiles.KL_BEHAVIOR_TARGET);
    ReportTable.Builder table = ReportTable.of("layer", "steps that skipped it", "reward when skipped",
        "reward when run", "KL when skipped", "KL when run");
    for (int layer = 0; layer < layers; layer++) {
      List<Double> rewardSkipped = new ArrayList<>();
      List<Double> rewardRun = new ArrayList<>();
      List<Double> klSkipped = new ArrayList<>();
      List<Double> klRun = new ArrayList<>();
      for (int i = 0; i < skipped.size(); i++) {
        boolean skip = skipped.get(i).contains(layer);
        (skip ? rewardSkipped : rewardRun).add(reward[i]);
        (skip ? klSkipped : klRun).add(kl[i]);
      }
      if (rewardSkipped.isEmpty()) {
        continue;
      }
      table.row(Integer.toString(layer), Integer.toString(rewardSkipped.size()), mean3(rewardSkipped),
          mean3(rewardRun), mean3(klSkipped), mean3(klRun));
    }
    return table.build();
  }

  private static String mean3(List<Double> values) {
    return Figures.fixed(SeedStats.of(values.stream().mapToDouble(Double::doubleValue).toArray()).mean(), 3);
  }

  /** Each step's wall time stacked by part (rollouts, rewards, learner, publishing, the rest); a table of shares. */
  private static void time(RunFiles files, HtmlPage page, double steps) {
    if (!files.has(RunFiles.STEP_S)) {
      return;
    }
    double[] x = files.stepNumbers();
    double[] total = files.series(RunFiles.STEP_S);
    CompareReport.Part[] parts = CompareReport.Part.values();
    double[][] stacked = new double[parts.length][x.length];
    double[] seconds = new double[parts.length];
    for (int i = 0; i < x.length; i++) {
      double below = 0;
      for (CompareReport.Part part : parts) {
        double v = part == CompareReport.Part.OTHER ? Math.max(0, total[i] - below)
            : RunFiles.number(files.steps().get(i).get(part.metric));
        if (Double.isFinite(v)) {
          below += v;
          seconds[part.ordinal()] += v;
        }
        stacked[part.ordinal()][i] = Double.isFinite(total[i]) ? below : Double.NaN;
      }
    }
    XYChart chart = ReportCharts.steps("Where each step's wall time went", "seconds", HEIGHT, steps);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern("0.0");
    Color[] colors = {ReportCharts.PALETTE[0], ReportCharts.PALETTE[1], ReportCharts.PALETTE[6],
        ReportCharts.PALETTE[2], ReportCharts.PALETTE[4], ReportCharts.PALETTE[5]};
    double[] shares = CompareReport.shares(files.steps());
    ReportTable.Builder table = ReportTable.of("part", "seconds over the run", "share of the steps' time");
    // Painted from the top of the stack down, so that each part's area covers the parts above it only up to its edge.
    for (int p = parts.length - 1; p >= 0; p--) {
      if (seconds[p] <= 0 && parts[p] != CompareReport.Part.OTHER) {
        continue;
      }
      XYSeries area = line(chart, parts[p].title, x, stacked[p], colors[p], THICK);
      if (area != null) {
        area.setFillColor(colors[p]);
      }
    }
    for (CompareReport.Part part : parts) {
      if (Double.isFinite(shares[part.ordinal()])) {
        table.row(part.title, Figures.fixed(seconds[part.ordinal()], 1), Figures.percent(shares[part.ordinal()]));
      }
    }
    page.section("Where a step's time goes").figure(ReportCharts.save(files.dir(), TIME_CHART, chart), "Each "
        + "step's wall time, stacked: generating the rollouts, scoring them with the reward, the learner's update, "
        + "publishing the weights to the rollout workers, and the rest (reading the batch, the advantages, the "
        + "learner's log-probs before its update, the behavior's draw).").table(table.build());
  }

  /** Rollout and learner tokens/s per step. */
  private static void throughput(RunFiles files, HtmlPage page, double steps) {
    double[] x = files.stepNumbers();
    XYChart chart = ReportCharts.steps("Throughput per step", "tokens/s", HEIGHT, steps);
    chart.getStyler().setYAxisDecimalPattern("#,##0").setYAxisMin(0.0);
    line(chart, "rollout tokens/s (the step's behavior)", x, files.series(RunFiles.ROLLOUT_TOKENS_PER_S),
        ReportCharts.PALETTE[0], THICK);
    line(chart, "learner tokens/s (forward + backward)", x, files.series(RunFiles.LEARNER_TOKENS_PER_S),
        ReportCharts.PALETTE[1], THICK);
    if (ReportCharts.drawsAnything(chart)) {
      page.section("Throughput").figure(ReportCharts.save(files.dir(), THROUGHPUT_CHART, chart), "Tokens per "
          + "second of each step's rollouts (with that step's behavior plan) and of its learner update. On a shared "
          + "machine a single step's figure is noisy.");
    }
  }

  /** The config, the provenance, the TensorBoard command and the run's files. */
  private static void config(RunFiles files, HtmlPage page) {
    page.section("Config and files");
    if (!files.config().isEmpty()) {
      page.folded("The run's config (config.json; train --config reads it back)", fields(files.config()));
    }
    if (!files.provenance().isEmpty()) {
      page.folded("Provenance (what wrote the run)", fields(files.provenance()));
    }
    Path events = files.dir().resolve(RunDirectory.TENSORBOARD);
    if (Files.isDirectory(events)) {
      page.paragraph("Every metric of every step, in TensorBoard:").code("tensorboard --logdir "
          + events.toAbsolutePath().normalize());
    }
    List<String[]> links = new ArrayList<>();
    for (String file : List.of(RunDirectory.SUMMARY, RunDirectory.CONFIG, RunDirectory.METRICS,
        RunDirectory.CHECKPOINTS)) {
      if (Files.exists(files.dir().resolve(file))) {
        links.add(new String[] {file, file});
      }
    }
    page.links(links);
  }

  private static ReportTable fields(JsonNode object) {
    ReportTable.Builder table = ReportTable.of("field", "value");
    object.properties().forEach(e -> table.row(e.getKey(), e.getValue().isNull() ? "not set"
        : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    return table.build();
  }

  /** Adds the finite points of {@code y} against {@code x} as a line; null when there are none. */
  private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
    List<Double> px = new ArrayList<>();
    List<Double> py = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        px.add(x[i]);
        py.add(y[i]);
      }
    }
    if (px.isEmpty()) {
      return null;
    }
    XYSeries series = chart.addSeries(name, px, py);
    series.setMarker(SeriesMarkers.NONE);
    series.setMarkerColor(color);
    series.setLineColor(color);
    series.setLineStyle(stroke);
    return series;
  }

  /** The trailing mean of the last {@code window} finite values at each point (NaN until there is one). */
  static double[] movingAverage(double[] values, int window) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = SeedStats.of(Arrays.copyOfRange(values, Math.max(0, i - window + 1), i + 1)).mean();
    }
    return out;
  }

  /** The moving average's window for a run of {@code steps} steps: {@link #AVERAGE_STEPS}, fewer for short runs. */
  static int window(int steps) {
    return Math.max(1, Math.min(AVERAGE_STEPS, steps / 3));
  }

  private static String averageLabel(String what, int window) {
    return (what.isEmpty() ? "" : what + ", ") + "mean of the last " + window + " steps";
  }

  /** Whether two series are the same wherever both are recorded (and one of them is). */
  static boolean sameSeries(double[] a, double[] b) {
    boolean any = false;
    for (int i = 0; i < a.length; i++) {
      if (Double.isFinite(a[i]) != Double.isFinite(b[i])) {
        return false;
      }
      if (Double.isFinite(a[i])) {
        any = true;
        if (Math.abs(a[i] - b[i]) > 1e-12) {
          return false;
        }
      }
    }
    return any;
  }

  /** The last step: the summary's step count, or the last logged step. */
  private static double lastStep(RunFiles files) {
    double last = files.summaryNumber("steps");
    for (double step : files.stepNumbers()) {
      last = Double.isFinite(last) ? Math.max(last, step) : step;
    }
    return Double.isFinite(last) ? last : 0;
  }

  private static String algorithm(RunFiles files) {
    String algorithm = files.text("algorithm");
    List<String> parts = new ArrayList<>();
    for (String field : List.of("correction", "behavior")) {
      if (files.summary().hasNonNull(field)) {
        parts.add(files.summary().get(field).asText());
      }
    }
    return (algorithm == null ? "RL" : algorithm) + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
  }

  /** Which held-out problems the accuracies are measured on: test unless the run says validation. */
  private static String splitName(RunFiles files) {
    String split = files.text("eval_split");
    return split == null ? "test" : split;
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
