package dev.nestedreft.cli;

import dev.nestedreft.api.contract.EvalSplit;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The comparison's charts (PNG, {@link ReportCharts}' style): accuracy after RL per row with its 95% t-interval over
 * the seeds, accuracy against the RL steps' wall time (one line per run), rollout tokens/s per row, and accuracy
 * against rollout tokens/s (one point per row, the mean over its seeds, with the t-interval as an error bar when the
 * row has two seeds or more).
 */
final class CompareCharts {
  static final String ACCURACY_PER_ROW = "accuracy_per_row";
  static final String ACCURACY_VS_TIME = "accuracy_vs_time";
  static final String TOKENS_PER_S = "rollout_tokens_per_s";
  static final String ACCURACY_VS_TOKENS_PER_S = "accuracy_vs_tokens_per_s";

  private static final int HEIGHT = 480;
  /** Category labels are turned when there are more rows than this. */
  private static final int UPRIGHT_LABELS = 4;

  private CompareCharts() {}

  /** The file names {@link #write} writes. */
  static List<String> files() {
    return List.of(ACCURACY_PER_ROW + ".png", ACCURACY_VS_TOKENS_PER_S + ".png", ACCURACY_VS_TIME + ".png",
        TOKENS_PER_S + ".png");
  }

  /** Writes the charts to {@code out} and adds each, with how to read it, to {@code page}; with no runs, none. */
  static void write(List<CompareReport.Row> rows, List<CompareReport.Run> runs, EvalSplit split, Path out,
      HtmlPage page) {
    if (runs.isEmpty()) {
      return;
    }
    String accuracyTitle = "greedy " + split.configName() + " accuracy";
    figure(page, out, ACCURACY_PER_ROW, perRow(rows, accuracyTitle), "Accuracy after RL per row: the mean over "
        + "its seeds, and the 95% t-interval of that mean as a bar (none with one seed). Intervals that overlap do "
        + "not resolve a difference.");
    figure(page, out, ACCURACY_VS_TOKENS_PER_S, scatter(rows, accuracyTitle), "Accuracy after RL against the "
        + "rollout tokens/s of the row's behavior over its runs: up and to the right is better. Bars: the 95% "
        + "t-interval of the accuracy over seeds.");

    XYChart accuracy = ReportCharts.xy("Accuracy vs wall time of the RL steps", "wall time of the RL steps (s)",
        accuracyTitle, HEIGHT);
    accuracy.getStyler().setYAxisDecimalPattern("0.00").setLegendPosition(Styler.LegendPosition.OutsideE)
        .setLegendLayout(Styler.LegendLayout.Vertical);
    for (CompareReport.Run run : runs) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double[] p : run.evalCurve()) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
          x.add(p[0]);
          y.add(p[1]);
        }
      }
      if (!x.isEmpty()) { // the runs of a row share its colour
        Color color = ReportCharts.PALETTE[rowIndex(rows, run) % ReportCharts.PALETTE.length];
        XYSeries line = accuracy.addSeries(run.variant().label() + " s" + run.seed(), x, y);
        line.setLineColor(color);
        line.setMarkerColor(color);
      }
    }
    figure(page, out, ACCURACY_VS_TIME, accuracy, "Each run's accuracy before RL, at each evaluation during it "
        + "(eval_every) and after, against the wall time of its RL steps (no warm-up, no evaluations).");

    CategoryChart speed = ReportCharts.category("Rollout tokens/s of each row's behavior (mean over seeds)", "row",
        "tokens/s", ReportCharts.WIDTH, HEIGHT);
    List<String> names = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    for (CompareReport.Row row : rows) {
      names.add(row.variant().label());
      double mean = row.stats(CompareReport.Run::rolloutTokensPerSecond).mean();
      means.add(Double.isFinite(mean) ? mean : 0);
    }
    labels(speed, names);
    speed.getStyler().setYAxisDecimalPattern("#,##0").setLegendVisible(false);
    speed.addSeries("rollout tokens/s", names, means);
    figure(page, out, TOKENS_PER_S, speed, "Rollout tokens/s of each row's behavior plans over its runs' steps. "
        + "Runs ran one after another on a shared machine: read differences of less than about 10% as noise.");
  }

  /** Accuracy after RL per row: a point at the mean over seeds, the t-interval as its error bar. */
  static CategoryChart perRow(List<CompareReport.Row> rows, String accuracyTitle) {
    CategoryChart chart = ReportCharts.category("Accuracy after RL per row (mean over seeds; bars: 95% t-interval)",
        "row", accuracyTitle, ReportCharts.WIDTH, HEIGHT);
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter)
        .setYAxisDecimalPattern("0.00").setErrorBarsColorSeriesColor(true).setMarkerSize(10).setLegendVisible(false);
    List<String> names = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    List<Double> bars = new ArrayList<>();
    for (CompareReport.Row row : rows) {
      SeedStats after = row.accuracyAfter();
      if (Double.isFinite(after.mean())) {
        names.add(row.variant().label());
        means.add(after.mean());
        bars.add(after.n() > 1 ? after.halfWidth95() : 0);
      }
    }
    if (!names.isEmpty()) {
      labels(chart, names);
      chart.addSeries("accuracy after", names, means, bars).setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  /** Accuracy after RL against rollout tokens/s: a labelled point per row, the t-interval as its error bar. */
  static XYChart scatter(List<CompareReport.Row> rows, String accuracyTitle) {
    XYChart chart = ReportCharts.xy("Accuracy after RL vs rollout tokens/s (mean over seeds; bars: 95% t-interval)",
        "rollout tokens/s of the row's behavior, over the run", accuracyTitle, HEIGHT);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setYAxisDecimalPattern("0.00").setXAxisDecimalPattern("#,##0");
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setMarkerSize(10);
    for (CompareReport.Row row : rows) {
      double x = row.stats(CompareReport.Run::rolloutTokensPerSecond).mean();
      SeedStats accuracy = row.accuracyAfter();
      double y = accuracy.mean();
      if (!Double.isFinite(x) || !Double.isFinite(y)) {
        continue;
      }
      double bar = accuracy.n() > 1 ? accuracy.halfWidth95() : 0;
      chart.addSeries(row.variant().label(), new double[] {x}, new double[] {y}, new double[] {bar});
    }
    return chart;
  }

  private static int rowIndex(List<CompareReport.Row> rows, CompareReport.Run run) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).variant().equals(run.variant())) {
        return i;
      }
    }
    return 0;
  }

  /** Row labels turned when there are many, so that they do not overlap. */
  private static void labels(CategoryChart chart, List<String> names) {
    if (names.size() > UPRIGHT_LABELS) {
      chart.getStyler().setXAxisLabelRotation(30);
    }
  }

  private static void figure(HtmlPage page, Path out, String stem, Chart<?, ?> chart, String caption) {
    if (ReportCharts.drawsAnything(chart)) {
      page.figure(ReportCharts.save(out, stem, chart), caption);
    }
  }
}
