package dev.nestedreft.cli;

import dev.nestedreft.api.contract.EvalSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The comparison's charts (PNG): accuracy against the RL steps' wall time (one line per run), rollout tokens/s per
 * row, and accuracy against rollout tokens/s (one point per row, the mean over its seeds, with the 95% t-interval
 * of the accuracy as an error bar when the row has two seeds or more).
 */
final class CompareCharts {
  static final String ACCURACY_VS_TIME = "accuracy_vs_time";
  static final String TOKENS_PER_S = "rollout_tokens_per_s";
  static final String ACCURACY_VS_TOKENS_PER_S = "accuracy_vs_tokens_per_s";

  private static final int WIDTH = 900;
  private static final int HEIGHT = 540;

  private CompareCharts() {}

  /** The file names {@link #write} writes. */
  static List<String> files() {
    return List.of(ACCURACY_VS_TIME + ".png", TOKENS_PER_S + ".png", ACCURACY_VS_TOKENS_PER_S + ".png");
  }

  /** Writes the three charts to {@code out}; with no runs, none. */
  static void write(List<CompareReport.Row> rows, List<CompareReport.Run> runs, EvalSplit split, Path out)
      throws IOException {
    if (runs.isEmpty()) {
      return;
    }
    String accuracyTitle = "greedy " + split.configName() + " accuracy";
    XYChart accuracy = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Accuracy vs wall time")
        .xAxisTitle("wall time of the RL steps (s)").yAxisTitle(accuracyTitle).build();
    accuracy.getStyler().setYAxisDecimalPattern("0.000");
    for (CompareReport.Run run : runs) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double[] p : run.evalCurve()) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
          x.add(p[0]);
          y.add(p[1]);
        }
      }
      if (!x.isEmpty()) {
        accuracy.addSeries(run.variant().label() + " s" + run.seed(), x, y);
      }
    }
    save(accuracy, out, ACCURACY_VS_TIME);

    CategoryChart speed = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Rollout tokens/s of each row's behavior (mean over seeds)").xAxisTitle("row").yAxisTitle("tokens/s")
        .build();
    List<String> names = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    for (CompareReport.Row row : rows) {
      names.add(row.variant().label());
      double mean = row.stats(CompareReport.Run::rolloutTokensPerSecond).mean();
      means.add(Double.isFinite(mean) ? mean : 0);
    }
    if (names.size() > 4) {
      speed.getStyler().setXAxisLabelRotation(30);
    }
    speed.getStyler().setLegendVisible(false);
    speed.addSeries("rollout tokens/s", names, means);
    save(speed, out, TOKENS_PER_S);

    save(scatter(rows, accuracyTitle), out, ACCURACY_VS_TOKENS_PER_S);
  }

  /** Accuracy after RL against rollout tokens/s: a labelled point per row, the t-interval as its error bar. */
  static XYChart scatter(List<CompareReport.Row> rows, String accuracyTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Accuracy after RL vs rollout tokens/s (mean over seeds; bars: 95% t-interval)")
        .xAxisTitle("rollout tokens/s of the row's behavior, over the run").yAxisTitle(accuracyTitle).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setYAxisDecimalPattern("0.000");
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

  private static void save(Chart<?, ?> chart, Path out, String stem) throws IOException {
    if (chart.getSeriesMap().isEmpty()) {
      return;
    }
    BitmapEncoder.saveBitmap(chart, out.resolve(stem).toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
