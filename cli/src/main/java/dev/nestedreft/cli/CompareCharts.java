package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The comparison's charts: test accuracy against wall time (one line per run), and rollout tokens/s. */
final class CompareCharts {
  private CompareCharts() {}

  static void write(JsonNode all, Path out) throws IOException {
    XYChart accuracy = new XYChartBuilder().width(900).height(540).title("Test accuracy vs wall time")
        .xAxisTitle("wall time of the RL steps (s)").yAxisTitle("greedy test accuracy").build();
    accuracy.getStyler().setYAxisDecimalPattern("0.000");
    for (JsonNode run : all) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      run.path("eval_curve").forEach(p -> {
        x.add(p.get(0).asDouble());
        y.add(p.get(1).asDouble());
      });
      if (!x.isEmpty()) {
        accuracy.addSeries(run.path("algo").asText() + " s" + run.path("seed").asInt(), x, y);
      }
    }
    BitmapEncoder.saveBitmap(accuracy, out.resolve("accuracy_vs_time").toString(), BitmapEncoder.BitmapFormat.PNG);

    Map<String, List<Double>> tokens = new LinkedHashMap<>();
    for (JsonNode run : all) {
      tokens.computeIfAbsent(run.path("algo").asText(), k -> new ArrayList<>())
          .add(run.path("rollout_tokens_per_s").asDouble());
    }
    CategoryChart speed = new CategoryChartBuilder().width(900).height(540).title("Rollout tokens/s (mean over seeds)")
        .xAxisTitle("algorithm").yAxisTitle("tokens/s").build();
    List<String> names = new ArrayList<>(tokens.keySet());
    List<Double> means = names.stream()
        .map(n -> tokens.get(n).stream().mapToDouble(Double::doubleValue).average().orElse(0)).toList();
    speed.addSeries("rollout tokens/s", names, means);
    BitmapEncoder.saveBitmap(speed, out.resolve("rollout_tokens_per_s").toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
