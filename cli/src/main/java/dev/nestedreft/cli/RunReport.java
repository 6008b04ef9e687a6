package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * {@code runs/<name>/report.html}: PNG charts of reward, accuracy, tokens/s and the importance-ratio diagnostics
 * against step, drawn from {@code metrics.jsonl}, with the summary.
 */
final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Chart file stem → title and the metrics it plots. */
  private static final Map<String, String[]> CHARTS = new LinkedHashMap<>();

  static {
    CHARTS.put("reward", new String[] {"Reward and accuracy", "reward_mean", "train_accuracy", "test_accuracy"});
    CHARTS.put("tokens_per_s", new String[] {"Throughput (tokens/s)", "rollout_tokens_per_s", "learner_tokens_per_s"});
    CHARTS.put("ratios", new String[] {"Importance ratios", "ratio_mean", "ratio_min", "ratio_max", "ess"});
    CHARTS.put("off_policy", new String[] {"Off-policyness", "kl_behavior_target", "clip_fraction"});
  }

  private RunReport() {}

  static Path write(Path run) throws IOException {
    List<JsonNode> steps = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      if (!line.isBlank()) {
        steps.add(JSON.readTree(line));
      }
    }
    StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(run.getFileName()).append("</title></head><body><h1>Run ").append(run.getFileName()).append("</h1>");
    if (Files.exists(run.resolve("summary.json"))) {
      html.append("<h2>Summary</h2><pre>").append(Files.readString(run.resolve("summary.json"))
          .replace("&", "&amp;").replace("<", "&lt;")).append("</pre>");
    }
    for (Map.Entry<String, String[]> chart : CHARTS.entrySet()) {
      String[] spec = chart.getValue();
      XYChart c = new XYChartBuilder().width(800).height(420).title(spec[0]).xAxisTitle("step").build();
      for (int i = 1; i < spec.length; i++) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (JsonNode s : steps) {
          if (s.has(spec[i]) && s.get(spec[i]).isNumber() && Double.isFinite(s.get(spec[i]).asDouble())) {
            x.add(s.path("step").asDouble());
            y.add(s.get(spec[i]).asDouble());
          }
        }
        if (!x.isEmpty()) {
          c.addSeries(spec[i], x, y);
        }
      }
      if (!c.getSeriesMap().isEmpty()) {
        BitmapEncoder.saveBitmap(c, run.resolve(chart.getKey()).toString(), BitmapEncoder.BitmapFormat.PNG);
        html.append("<h2>").append(spec[0]).append("</h2><img src=\"").append(chart.getKey()).append(".png\">");
      }
    }
    html.append("</body></html>\n");
    Path out = run.resolve("report.html");
    AtomicFiles.writeString(out, html.toString());
    return out;
  }
}
