package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A report page as a real browser renders it: Debian's {@code chromium}, headless, loads a copy of the page (beside
 * it, so that its images resolve) with a script appended that, once the page has loaded, records how many images it
 * has and which did not load ({@code naturalWidth} 0); the DOM it dumps holds that record and the page's text. The
 * page itself has no script. CI installs chromium ({@code .ci/run}); where it is absent, a test that needs it is
 * skipped, saying so.
 */
final class HeadlessChromium {
  /** The names Debian and other distributions give the browser, in the order tried. */
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
  private static final long TIMEOUT_SECONDS = 120;
  private static final String CHECK = """
      <script>
      window.addEventListener('load', function () {
        var images = document.images, broken = [];
        for (var i = 0; i < images.length; i++) {
          if (!images[i].complete || images[i].naturalWidth === 0) { broken.push(images[i].getAttribute('src')); }
        }
        var record = document.createElement('pre');
        record.id = 'browser-check';
        record.textContent = 'images=' + images.length + ' broken=[' + broken.join(',') + ']';
        document.body.appendChild(record);
      });
      </script>
      """;
  private static final Pattern RECORD =
      Pattern.compile("<pre id=\"browser-check\">images=(\\d+) broken=\\[(.*?)]</pre>");

  /**
   * What the browser saw.
   *
   * @param dom the DOM after the load event, as HTML
   * @param images how many images the page has
   * @param broken the {@code src} of each image that did not load
   */
  record Rendered(String dom, int images, List<String> broken) {}

  private HeadlessChromium() {}

  /** The browser on the PATH, if there is one. */
  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : NAMES) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The browser; skips the calling test with the reason when there is none. */
  static Path require() {
    Optional<Path> browser = find();
    Assumptions.assumeTrue(browser.isPresent(), "no headless browser (chromium) on the PATH: this check of the "
        + "rendered page is skipped; .ci/run installs Debian's chromium, and `apt-get install chromium` here");
    return browser.get();
  }

  /** Renders {@code page} in the browser and reads back what it saw. */
  static Rendered render(Path browser, Path page, Path profile) throws IOException, InterruptedException {
    String html = Files.readString(page);
    Path copy = page.resolveSibling(".browser-check-" + page.getFileName());
    Files.writeString(copy, html.replace("</body>", CHECK + "</body>"));
    Path out = Files.createTempFile(profile, "dom", ".html");
    Process chromium = new ProcessBuilder(browser.toString(), "--headless", "--disable-gpu", "--no-sandbox",
        "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
        copy.toUri().toString())
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("chromium rendered %s within %d s", page,
          TIMEOUT_SECONDS).isTrue();
    } finally {
      chromium.destroyForcibly();
      Files.deleteIfExists(copy);
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Matcher record = RECORD.matcher(dom);
    assertThat(record.find()).as("the browser ran the check after loading %s; its DOM:%n%s", page, dom).isTrue();
    List<String> broken = record.group(2).isEmpty() ? List.of() : List.of(record.group(2).split(","));
    return new Rendered(dom, Integer.parseInt(record.group(1)), broken);
  }
}
