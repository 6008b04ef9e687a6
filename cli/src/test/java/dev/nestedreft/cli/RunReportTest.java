package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/**
 * report.html from run directories written by hand: the headline figures rounded for reading, every chart a PNG of
 * the size the page declares, nothing fetched from elsewhere, and what each chart shows.
 */
class RunReportTest {
  private static final Pattern IMAGE = Pattern.compile("<img src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"");

  @TempDir static Path runs;
  /** A finished run of 30 steps ({@link RunFixtures#finishedRun}) and its report, written once. */
  static Path demo;
  static String html;

  @BeforeAll
  static void writeTheReportOfAFinishedRun() throws IOException {
    demo = RunFixtures.finishedRun(runs.resolve("demo"), 30);
    html = Files.readString(RunReport.write(demo));
  }

  @Test
  void theVerdictAndTheHeadlineTableGiveTheRunsFiguresRoundedForReading() {
    assertThat(html).contains("<p class=\"lead\">Test accuracy 0.710 → 0.780 (+7.0 points) after 30 RL steps of "
        + "nested-reft (seq-tis, random-skip). The nested behavior generated 1.18× the full model&#39;s rollout "
        + "tokens/s, measured side by side at the end.</p>");
    assertThat(html).contains(
        "<tr><td>test accuracy before RL (greedy, 200 test problems)</td><td class=\"num\">0.710</td></tr>",
        "<tr><td>test accuracy after RL</td><td class=\"num\">0.780 (+7.0 points)</td></tr>",
        "<tr><td>rollout tokens/s, nested behavior (measured at the end)</td><td class=\"num\">23,126</td></tr>",
        "<tr><td>rollout tokens/s, full model (measured at the end)</td><td class=\"num\">19,599</td></tr>",
        "<tr><td>nested / full rollout tokens/s</td><td class=\"num\">1.18×</td></tr>",
        "<tr><td>learner tokens/s (forward + backward)</td><td class=\"num\">7,884</td></tr>",
        "<tr><td>wall time (warm-up and evaluations included)</td><td class=\"num\">3 min 12 s</td></tr>",
        "<tr><td>RL steps</td><td class=\"num\">30</td></tr>",
        "<tr><td>skipped steps (non-finite loss or gradient)</td><td class=\"num\">0</td></tr>",
        "<tr><td>algorithm</td><td>nested-reft</td></tr>", "<tr><td>correction</td><td>seq-tis</td></tr>",
        "<tr><td>behavior</td><td>random-skip</td></tr>", "<tr><td>seed</td><td class=\"num\">7</td></tr>");
    for (double raw : new double[] {RunFixtures.NESTED, RunFixtures.LEARNER, RunFixtures.WALL}) {
      assertThat(html).as("no unrounded figure").doesNotContain(Double.toString(raw));
    }
    assertThat(html).contains("tensorboard --logdir " + runs.resolve("demo/tensorboard").toAbsolutePath());
    assertThat(html).contains("<td>eval_every</td><td class=\"num\">10</td>", "<td>correction</td><td>not set</td>");
  }

  @Test
  void everyChartIsAPngBesideThePageOfTheSizeThePageDeclares() throws IOException {
    List<String> files = new ArrayList<>();
    Matcher image = IMAGE.matcher(html);
    while (image.find()) {
      files.add(image.group(1));
      BufferedImage png = ImageIO.read(demo.resolve(image.group(1)).toFile());
      assertThat(png).as(image.group(1)).isNotNull();
      assertThat(png.getWidth()).as(image.group(1)).isEqualTo(Integer.parseInt(image.group(2)));
      assertThat(png.getHeight()).as(image.group(1)).isEqualTo(Integer.parseInt(image.group(3)));
    }
    assertThat(files).containsExactly("accuracy.png", "reward.png", "off_policy.png", "layers.png", "step_time.png",
        "throughput.png");
    // Offline: no script, no style sheet or image from elsewhere.
    assertThat(html).doesNotContain("<script", "http://", "https://", "<link");
  }

  @Test
  void accuracyOverTrainingRewardLayersAndTimeAreEachExplained() {
    assertThat(html).contains("Greedy test accuracy before RL (step 0), every eval_every steps, and after the last "
        + "step");
    // On arith reward and train accuracy are one series: drawn once, and the page says why.
    assertThat(html).contains("The train accuracy (the share of samples with reward 1) is the same series on this "
        + "run, since every reward is 0 or 1, so it is not drawn again.");
    // Layer 1 was skipped on the 15 odd steps (reward 0.5 + 0.01 step: mean 0.650; KL 0.3), run on the even ones.
    assertThat(html).contains("<tr><td class=\"num\">1</td><td class=\"num\">15</td><td class=\"num\">0.650</td>"
        + "<td class=\"num\">0.660</td><td class=\"num\">0.300</td><td class=\"num\">0.100</td></tr>");
    assertThat(html).doesNotContain("<tr><td class=\"num\">0</td><td class=\"num\">"); // layer 0: never skipped
    // Each step: 0.2 s rollouts, 0.01 s reward, 0.08 s target log-probs, 0.6 s learner, 0.05 s publishing, 1 s in all.
    assertThat(html).contains("<tr><td>rollouts</td><td class=\"num\">6.0</td><td class=\"num\">20.0%</td></tr>",
        "<tr><td>target log-probs</td><td class=\"num\">2.4</td><td class=\"num\">8.0%</td></tr>",
        "<tr><td>other</td><td class=\"num\">1.8</td><td class=\"num\">6.0%</td></tr>");
  }

  @Test
  void aTrainAccuracyThatIsNotTheRewardIsDrawnBesideIt() throws IOException {
    Path run = RunFixtures.finishedRun(runs.resolve("format-reward"), 12);
    RunFixtures.write(run.resolve("metrics.jsonl"), Files.readString(run.resolve("metrics.jsonl"))
        .replace("\"train_accuracy\":0.5", "\"train_accuracy\":0.25"));
    assertThat(Files.readString(RunReport.write(run))).contains("Dashed: the train accuracy");
  }

  @Test
  void theImportanceRatiosAreOnALogAxisAndTheFractionsAndKlOnTheirOwn() {
    RunFiles files = RunFiles.read(demo);
    List<XYChart> panels = RunReport.offPolicyPanels(files, 30);
    assertThat(panels).extracting(XYChart::getTitle).containsExactly(
        "Token importance ratios π_target / π_behavior (log scale)", "Effective sample size and clipped / masked "
            + "tokens", "KL(behavior ‖ target) per token");
    // The spike of 120 and the smallest ratio 1e-4 within whole decades; the spike no longer flattens the rest.
    assertThat(panels.get(0).getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(panels.get(0).getStyler().getYAxisMin()).isCloseTo(1e-4, within(1e-12));
    assertThat(panels.get(0).getStyler().getYAxisMax()).isCloseTo(1000, within(1e-9));
    assertThat(panels.get(1).getStyler().getYAxisMax()).isEqualTo(1.0);
    assertThat(panels.get(1).getSeriesMap()).containsKeys("effective sample size",
        "clipped, truncated or masked tokens");
  }

  @Test
  void aRunThatHasNotFinishedIsReportedAsSuchAndWhatItDidNotRecordIsLeftOut() throws IOException {
    Path run = Files.createDirectories(runs.resolve("unfinished"));
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1,\"reward_mean\":0.5}\n{\"step\":2,"
        + "\"reward_mean\":0.75}\n");
    String html = Files.readString(RunReport.write(run));
    assertThat(html).contains("No evaluation after RL: the run logged 2 steps and has not finished");
    assertThat(html).contains("reward.png").doesNotContain("off_policy.png", "step_time.png", "layers.png",
        "accuracy after RL");
  }

  @Test
  void theMovingAverageIsTheMeanOfTheLastStepsThatRecordedTheFigure() {
    assertThat(RunReport.movingAverage(new double[] {1, 3, Double.NaN, 5, 7}, 2)).containsExactly(1, 2, 3, 5, 6);
    assertThat(RunReport.window(60)).isEqualTo(RunReport.AVERAGE_STEPS);
    assertThat(RunReport.window(6)).isEqualTo(2);
    assertThat(RunReport.sameSeries(new double[] {0.5, Double.NaN}, new double[] {0.5, Double.NaN})).isTrue();
    assertThat(RunReport.sameSeries(new double[] {0.5, 1}, new double[] {0.5, 0.75})).isFalse();
  }
}
