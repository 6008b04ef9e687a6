package dev.nestedreft.cli;

import dev.nestedreft.spi.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One self-contained HTML page of a report ({@code report.html}, {@code compare.html}): headings, paragraphs,
 * {@link ReportTable}s, PNG figures beside the page and code lines, in one style sheet inlined in the page. No
 * script and nothing fetched from elsewhere, so the page reads offline and from a copied folder. Every text is
 * escaped; the figures are referred to by file name, relative to the page. Not thread-safe.
 */
final class HtmlPage {
  /**
   * A cell that holds a figure (right-aligned in tables): a number with its unit, spread or range ({@code 0.780},
   * {@code 1.39× (1.2–1.5)}, {@code 0.750 ± 0.050}, {@code 3 min 12 s}), an interval ({@code [0.626, 0.874]}), n/a.
   */
  private static final Pattern FIGURE = Pattern.compile("[+-]?[0-9][0-9,]*(\\.[0-9]+)?(×|%| s| min [0-9]+ s)?"
      + "( ± [0-9.]+)?( \\([^)]*\\))?|\\[[-0-9., ]+]|n/a");

  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1f2328;",
      "  max-width:1000px;margin:24px auto;padding:0 16px;line-height:1.45}",
      "h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:32px 0 8px;padding-bottom:4px;",
      "  border-bottom:1px solid #d0d7de}",
      "p.lead{font-size:1.15em;margin:4px 0 16px}p.note{color:#59636e;font-size:.9em;margin:4px 0 12px}",
      "table{border-collapse:collapse;margin:8px 0 12px;font-size:.92em}",
      "th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left;vertical-align:top}",
      "th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
      "table.headline{font-size:1em}table.headline td:first-child{color:#59636e}",
      "table.headline td.num{font-weight:600}",
      "figure{margin:8px 0 16px}figure img{max-width:100%;height:auto;border:1px solid #d0d7de}",
      "figcaption{color:#59636e;font-size:.9em;margin-top:4px}",
      "pre{background:#f6f8fa;border:1px solid #d0d7de;padding:8px 12px;overflow-x:auto;font-size:.9em}",
      "details{margin:8px 0}summary{cursor:pointer;color:#0969da}");

  private final String title;
  private final StringBuilder body = new StringBuilder();

  /** A page whose title (and first heading) is {@code title}. */
  HtmlPage(String title) {
    this.title = title;
    text("<h1>", title, "</h1>");
  }

  /** The page's verdict: a paragraph set larger than the rest. */
  HtmlPage lead(String text) {
    return text("<p class=\"lead\">", text, "</p>");
  }

  /** A section heading. */
  HtmlPage section(String heading) {
    return text("<h2>", heading, "</h2>");
  }

  HtmlPage paragraph(String text) {
    return text("<p>", text, "</p>");
  }

  /** A paragraph in a smaller, muted type: how to read what is next to it. */
  HtmlPage note(String text) {
    return text("<p class=\"note\">", text, "</p>");
  }

  /** {@code text}, escaped, between the tags {@code open} and {@code close}, on a line of its own. */
  private HtmlPage text(String open, String text, String close) {
    body.append(open).append(escape(text)).append(close).append('\n');
    return this;
  }

  HtmlPage table(ReportTable table) {
    return table(table, null);
  }

  /** A table; {@code cssClass} {@code headline} sets it in the headline style. */
  HtmlPage table(ReportTable table, String cssClass) {
    body.append(cssClass == null ? "<table>" : "<table class=\"" + escape(cssClass) + "\">").append("\n<tr>");
    table.header().forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : table.rows()) {
      body.append("<tr>");
      for (String cell : row) {
        body.append(FIGURE.matcher(cell).matches() ? "<td class=\"num\">" : "<td>").append(escape(cell))
            .append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A table folded away under {@code summary}, for what a reader looks up rather than reads. */
  HtmlPage folded(String summary, ReportTable table) {
    body.append("<details><summary>").append(escape(summary)).append("</summary>\n");
    table(table);
    body.append("</details>\n");
    return this;
  }

  /**
   * A PNG figure beside the page.
   *
   * @param png the image, beside the page
   * @param caption how to read it; its first sentence is also the image's alternative text
   */
  HtmlPage figure(ReportCharts.Png png, String caption) {
    String alt = caption.contains(". ") ? caption.substring(0, caption.indexOf(". ") + 1) : caption;
    body.append("<figure><img src=\"").append(escape(png.file())).append("\" width=\"").append(png.width())
        .append("\" height=\"").append(png.height()).append("\" alt=\"").append(escape(alt)).append("\">")
        .append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
    return this;
  }

  /** Lines to copy into a shell. */
  HtmlPage code(String text) {
    body.append("<pre><code>").append(escape(text)).append("</code></pre>\n");
    return this;
  }

  /** A paragraph of links, {@code [href, text]} pairs, relative to the page. */
  HtmlPage links(List<String[]> links) {
    body.append("<p>");
    for (int i = 0; i < links.size(); i++) {
      body.append(i == 0 ? "" : " · ").append("<a href=\"").append(escape(links.get(i)[0])).append("\">")
          .append(escape(links.get(i)[1])).append("</a>");
    }
    body.append("</p>\n");
    return this;
  }

  /** The whole page. */
  String html() {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
        + "</title>\n<style>\n" + STYLE + "\n</style></head><body>\n" + body + "</body></html>\n";
  }

  /** Writes the page to {@code file} atomically; returns {@code file}. */
  Path write(Path file) {
    AtomicFiles.writeString(file, html());
    return file;
  }

  /** {@code text} safe in HTML text and in a quoted attribute. */
  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }
}
