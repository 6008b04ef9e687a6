package dev.nestedreft.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of a report, its cells already formatted ({@link Figures}): written as markdown ({@code compare.md}) and
 * as HTML ({@link HtmlPage#table}), so both show the same figures. Immutable.
 *
 * @param header the column titles
 * @param rows the rows, each as many cells as the header
 */
record ReportTable(List<String> header, List<List<String>> rows) {
  ReportTable {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("a row of " + row.size() + " cells under " + header.size() + " columns: "
            + row);
      }
    }
  }

  /** A table to fill row by row. */
  static Builder of(String... header) {
    return new Builder(List.of(header));
  }

  /** The table in GitHub markdown, a line per row. */
  String markdown() {
    StringBuilder s = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
    s.append("---|".repeat(header.size())).append('\n');
    for (List<String> row : rows) {
      s.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return s.toString();
  }

  /** Collects the rows of a {@link ReportTable}. */
  static final class Builder {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    private Builder(List<String> header) {
      this.header = header;
    }

    Builder row(String... cells) {
      rows.add(List.of(cells));
      return this;
    }

    Builder row(List<String> cells) {
      rows.add(cells);
      return this;
    }

    ReportTable build() {
      return new ReportTable(header, rows);
    }
  }
}
