package dev.nestedreft.cli;

import dev.nestedreft.spi.algo.LayerCosts;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The layer probe's chart, per layer skipped alone: above, the KL to the target on a log scale (one broken layer
 * is often orders of magnitude above the rest); below, the share of samples the importance weights lose,
 * {@code 1 − ess}.
 */
final class ProbeChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 380;
  /** Where a KL of 0 is drawn on the log scale. */
  private static final double LOG_FLOOR = 1e-12;

  private ProbeChart() {}

  /** Writes {@code file} (PNG) atomically. */
  static void write(LayerCosts costs, Path file) {
    List<String> layers = costs.layers().stream().map(c -> Integer.toString(c.layer())).toList();
    CategoryChart kl = chart("KL(behavior || target) per token, one layer skipped (" + costs.numLayers()
        + " layers)", "nats (log scale)");
    List<Double> klValues = costs.layers().stream().map(c -> Math.max(LOG_FLOOR, c.kl())).toList();
    // XChart's bars on a log axis need explicit bounds (it would start them at 0): whole decades around the data
    double low = klValues.stream().mapToDouble(Double::doubleValue).min().orElse(LOG_FLOOR);
    double high = klValues.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    kl.getStyler().setYAxisLogarithmic(true).setYAxisMin(Math.pow(10, Math.floor(Math.log10(low))))
        .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(high))));
    kl.addSeries("kl", layers, klValues);
    CategoryChart ess = chart("Share of the samples lost to the importance weights, one layer skipped", "1 - ess");
    ess.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    ess.addSeries("1 - ess", layers, costs.layers().stream().map(c -> 1 - c.ess()).toList());

    BufferedImage image = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.drawImage(BitmapEncoder.getBufferedImage(kl), 0, 0, null);
    g.drawImage(BitmapEncoder.getBufferedImage(ess), 0, HEIGHT, null);
    g.dispose();
    ReportCharts.writePng(image, file);
  }

  private static CategoryChart chart(String title, String yAxis) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("layer skipped").yAxisTitle(yAxis).build();
    chart.getStyler().setLegendVisible(false);
    return chart;
  }
}
