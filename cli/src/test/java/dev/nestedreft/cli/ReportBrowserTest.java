package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.contract.EvalSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html and compare.html as a reader sees them: rendered by a real headless browser (chromium; skipped where
 * none is installed), every image loads and the headline figures are on the page. RunReportTest checks the page's
 * content without a browser.
 */
@Tag("slow")
class ReportBrowserTest {
  @TempDir Path runs;
  @TempDir Path profile;

  @Test
  void theRunReportRendersWithEveryImageAndItsHeadlineFigures() throws Exception {
    Path browser = HeadlessChromium.require();
    Path page = RunReport.write(RunFixtures.finishedRun(runs.resolve("demo"), 30));
    HeadlessChromium.Rendered rendered = HeadlessChromium.render(browser, page, profile);
    assertThat(rendered.images()).isEqualTo(6);
    assertThat(rendered.broken()).as("images that did not load").isEmpty();
    assertThat(rendered.dom()).contains("Test accuracy 0.710 → 0.780 (+7.0 points)", ">0.710<",
        ">0.780 (+7.0 points)<", ">23,126<", ">19,599<", ">1.18×<", ">7,884<", ">3 min 12 s<");
  }

  @Test
  void theComparisonRendersWithEveryImageAndItsTable() throws Exception {
    Path browser = HeadlessChromium.require();
    CompareVariant reft = CompareVariant.of("reft");
    CompareVariant nested = CompareVariant.of("nested-reft");
    List<CompareReport.Run> finished = List.of(
        CompareReport.read(RunFixtures.finishedRun(runs.resolve("demo-reft-s1"), 20), reft, 1, false),
        CompareReport.read(RunFixtures.finishedRun(runs.resolve("demo-nested-reft-s1"), 20), nested, 1, false),
        CompareReport.read(RunFixtures.finishedRun(runs.resolve("demo-nested-reft-s2"), 20), nested, 2, false));
    RunReport.write(runs.resolve("demo-reft-s1"));
    Path out = Files.createDirectories(runs.resolve("compare"));
    CompareReport.write(out, finished, EvalSplit.TEST);
    HeadlessChromium.Rendered rendered = HeadlessChromium.render(browser, out.resolve(CompareReport.HTML_FILE),
        profile);
    assertThat(rendered.images()).isEqualTo(CompareCharts.files().size());
    assertThat(rendered.broken()).as("images that did not load").isEmpty();
    assertThat(rendered.dom()).contains("<td>nested-reft</td><td class=\"num\">2</td><td class=\"num\">0.780 ± "
        + "0.000</td>", "href=\"../demo-reft-s1/report.html\"");
  }
}
