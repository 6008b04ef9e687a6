package dev.nestedreft.cli;

import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The look every chart of the reports shares (white, one palette, legends below the plot so that charts stacked in
 * one image keep their plots aligned, whole-number step axes with room between labels), and how a chart becomes a
 * PNG: written atomically, alone or several stacked in one image.
 */
final class ReportCharts {
  /** The width of every chart, in pixels. */
  static final int WIDTH = 960;

  /** Series colours, in order: blue, orange, green, red, purple, grey, teal, brown. */
  static final Color[] PALETTE = {new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B),
      new Color(0xE45756), new Color(0xB279A2), new Color(0x9D9D9D), new Color(0x72B7B2), new Color(0x9D755D)};

  /** The space kept left of every plot for the y axis, so that charts stacked in one image align their plots. */
  private static final int Y_AXIS_WIDTH = 64;
  /** At least this many pixels between two x-axis labels. */
  private static final int X_LABEL_SPACING = 90;

  private ReportCharts() {}

  /** An XY chart in the reports' style, {@link #WIDTH} wide. */
  static XYChart xy(String title, String xTitle, String yTitle, int height) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    return chart;
  }

  /** A category chart in the reports' style. */
  static CategoryChart category(String title, String xTitle, String yTitle, int width, int height) {
    CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    return chart;
  }

  /**
   * An XY chart whose x axis is the RL step, from 0 to {@code steps}, labelled with round whole numbers far enough
   * apart not to overlap. (XChart puts a label at every data point of equally spaced x values, thinned only until
   * labels stop touching, which crowds an axis of a few hundred steps; a hidden series off the grid of steps makes it
   * choose round ticks from the spacing hint instead. The series is disabled: it is neither drawn nor in the legend,
   * and takes no colour, since series colours are set explicitly.)
   */
  static XYChart steps(String title, String yTitle, int height, double steps) {
    XYChart chart = xy(title, "step", yTitle, height);
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.max(1, steps)).setXAxisDecimalPattern("0");
    XYSeries offGrid = chart.addSeries(" ", new double[] {0, 0.5}, new double[] {Double.NaN, Double.NaN});
    offGrid.setShowInLegend(false);
    offGrid.setEnabled(false);
    return chart;
  }

  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE).setPlotBorderColor(Color.LIGHT_GRAY);
    s.setPlotGridLinesColor(new Color(0xE6E6E6)).setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleBoxVisible(false).setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12)).setLegendBorderColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setSeriesColors(PALETTE).setMarkerSize(5).setChartPadding(8);
    s.setXAxisTickMarkSpacingHint(X_LABEL_SPACING).setYAxisLeftWidthHint(Y_AXIS_WIDTH);
  }

  /** Whether {@code chart} draws anything: a series that is not the hidden one of {@link #steps}. */
  static boolean drawsAnything(Chart<?, ?> chart) {
    return chart.getSeriesMap().values().stream().anyMatch(Series::isEnabled);
  }

  /** {@code color} with the given opacity (0 to 255), for a faint series behind its average. */
  static Color faint(Color color, int alpha) {
    return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
  }

  /**
   * A PNG a report refers to.
   *
   * @param file its file name, beside the report
   * @param width its width in pixels
   * @param height its height in pixels
   */
  record Png(String file, int width, int height) {}

  /** Writes {@code charts}, stacked top to bottom in one PNG, to {@code dir/stem.png} atomically. */
  static Png save(Path dir, String stem, Chart<?, ?>... charts) {
    int width = 0;
    int height = 0;
    for (Chart<?, ?> chart : charts) {
      width = Math.max(width, chart.getWidth());
      height += chart.getHeight();
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int y = 0;
    for (Chart<?, ?> chart : charts) {
      g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, y, null);
      y += chart.getHeight();
    }
    g.dispose();
    String file = stem + ".png";
    writePng(image, dir.resolve(file));
    return new Png(file, width, height);
  }

  /** Writes {@code image} to {@code file} as a PNG, atomically. */
  static void writePng(BufferedImage image, Path file) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new NestedReftException(file + ": cannot encode the chart as PNG: " + e.getMessage(), e);
    }
    AtomicFiles.write(file, channel -> {
      ByteBuffer buffer = ByteBuffer.wrap(png.toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }
}
