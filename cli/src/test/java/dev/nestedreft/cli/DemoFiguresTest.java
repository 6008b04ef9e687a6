package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's figures that README.md and docs/RESULTS.md quote are the ones the code prints: the demo runs once, in
 * this JVM, with {@code --json} at the thread count the README names, and its test accuracies before and after RL
 * (deterministic for a seed and thread count) must be the quoted ones. Its speeds are measurements, quoted with the
 * commit and command they come from, and not compared. The same run's report.html is checked as its reader opens
 * it: the accuracy curve of the periodic evaluations, every chart, the headline figures (in a headless browser too,
 * where one is installed).
 */
@Tag("native")
@Tag("slow")
class DemoFiguresTest {
  /** How the README quotes the demo: "test accuracy 0.710 before RL and 0.780 after (seed 7, 2 threads". */
  static final Pattern README_FIGURES = Pattern.compile("test accuracy \\**(\\d\\.\\d{3}) before RL and "
      + "(\\d\\.\\d{3}) after\\**\\s+\\(seed (\\d+), (\\d+) threads");
  /** How docs/RESULTS.md's demo table quotes them. */
  static final Pattern RESULTS_BEFORE = Pattern.compile("\\| test accuracy before RL[^|\\n]*\\| (\\d\\.\\d{3}) \\|");
  static final Pattern RESULTS_AFTER = Pattern.compile("\\| test accuracy after RL[^|\\n]*\\| (\\d\\.\\d{3}) \\|");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path runs;
  @TempDir Path profile;

  @Test
  void theDemoPrintsTheFiguresTheReadmeAndResultsQuoteAndItsReportShowsThem() throws Exception {
    Path root = repositoryRoot();
    Matcher readme = README_FIGURES.matcher(Files.readString(root.resolve("README.md")));
    assertThat(readme.find()).as("README.md quotes the demo as \"test accuracy 0.710 before RL and 0.780 after "
        + "(seed 7, 2 threads\"; if the wording changed, change README_FIGURES with it").isTrue();
    assertThat(Long.parseLong(readme.group(3))).as("the README's seed is the demo's").isEqualTo(
        TrainConfig.demo().seed());
    String threads = readme.group(4);

    CliTest.Run demo = CliTest.run("demo", "--json", "--threads", threads, "--runs", runs.toString());
    assertThat(demo.exit()).as(demo.err()).isZero();
    JsonNode printed = JSON.readTree(demo.out());
    String now = figures(printed.get("accuracy_before").asDouble(), printed.get("accuracy_after").asDouble());
    String command = "demo --json --threads " + threads + " prints, at this commit";
    assertThat(readme.group(1) + " -> " + readme.group(2)).as("README.md's seed-%s demo figures; %s", readme.group(3),
        command).isEqualTo(now);
    String results = Files.readString(root.resolve("docs/RESULTS.md"));
    assertThat(quoted(RESULTS_BEFORE, results) + " -> " + quoted(RESULTS_AFTER, results))
        .as("docs/RESULTS.md's demo table; %s", command).isEqualTo(now);

    assertThat(printed.get("seed").asLong()).isEqualTo(TrainConfig.demo().seed());
    assertThat(printed.get("threads").asText()).isEqualTo(threads);
    assertThat(printed.get("steps").asInt()).isEqualTo(TrainConfig.demo().steps());
    for (String speed : List.of("nested_rollout_tokens_per_s", "full_rollout_tokens_per_s", "nested_over_full",
        "learner_tokens_per_s", "wall_s")) {
      assertThat(printed.get(speed).asDouble()).as(speed).isPositive();
    }
    assertThat(printed.get("version").asText()).isEqualTo(BuildInfo.current().version());
    assertThat(Optional.ofNullable(printed.get("git_commit").textValue())).isEqualTo(BuildInfo.current()
        .gitCommit());

    Path report = Path.of(printed.get("report").asText());
    List<Double> evaluated = new ArrayList<>();
    for (JsonNode step : RunFiles.read(report.getParent()).steps()) {
      if (step.has("test_accuracy")) {
        evaluated.add(step.get("step").asDouble());
      }
    }
    assertThat(evaluated).as("the demo evaluates every %d steps", DemoCommand.EVAL_EVERY).containsExactly(10.0, 20.0,
        30.0, 40.0, 50.0);
    String html = Files.readString(report);
    String[] headline = {">" + readme.group(1) + "<", ">" + readme.group(2) + " (", String.format(Locale.ROOT,
        "<td class=\"num\">%,.0f</td>", printed.get("nested_rollout_tokens_per_s").asDouble())};
    assertThat(html).contains(headline).contains("accuracy.png", "layers.png");
    Optional<Path> browser = HeadlessChromium.find();
    if (browser.isPresent()) {
      HeadlessChromium.Rendered rendered = HeadlessChromium.render(browser.get(), report, profile);
      assertThat(rendered.broken()).as("images that did not load").isEmpty();
      assertThat(rendered.dom()).contains(headline);
    }
  }

  private static String figures(double before, double after) {
    return String.format(Locale.ROOT, "%.3f -> %.3f", before, after);
  }

  private static String quoted(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("docs/RESULTS.md's demo table has a row matching %s", pattern).isTrue();
    return m.group(1);
  }

  /** The checkout this test runs in: the first folder up from here with README.md and .mvn/. */
  static Path repositoryRoot() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve(".mvn"))) {
        return dir;
      }
    }
    throw new IOException("no README.md with .mvn/ above " + Path.of("").toAbsolutePath());
  }
}
