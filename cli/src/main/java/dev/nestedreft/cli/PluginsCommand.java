package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.plugin.ProviderInfo;
import dev.nestedreft.api.plugin.ProviderKind;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.ParamInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists every provider that the application class path and the plug-ins ({@code --plugins},
 * {@code NESTED_REFT_PLUGINS}) install, by kind: its name, description, parameters with their defaults, and origin.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "List every installed provider by kind (backends, exporters, metric writers, corrections, rewards, "
        + "behavior policies, advantage estimators, presets): name, description, parameters with their defaults, and "
        + "origin (built in, or the plug-in jar).")
final class PluginsCommand implements Callable<Integer> {
  /** The width the text table wraps to. */
  static final int WIDTH = 120;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--json", description = "Print a JSON array of objects with the keys kind, name, description, "
      + "parameters (name, default, description), origin and available.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (PluginSet plugins = Main.openPlugins(spec)) {
      List<ProviderInfo> all = plugins.providers();
      if (json) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(all)));
      } else {
        out.print(text(plugins.jars(), all));
      }
    }
    out.flush();
    return 0;
  }

  static ArrayNode json(List<ProviderInfo> all) {
    ArrayNode array = JSON.createArrayNode();
    for (ProviderInfo info : all) {
      ObjectNode row = array.addObject();
      row.put("kind", info.kind().id());
      row.put("name", info.name());
      row.put("description", info.description());
      ArrayNode parameters = row.putArray("parameters");
      for (ParamInfo parameter : info.parameters()) {
        ObjectNode p = parameters.addObject();
        p.put("name", parameter.name());
        p.put("default", parameter.defaultValue().orElse(null));
        p.put("description", parameter.description());
      }
      row.put("origin", info.origin());
      row.put("available", info.available());
    }
    return array;
  }

  /**
   * The plug-in jars (full paths and SHA-256), then a table per kind: name, origin ({@code built in} or the jar's
   * file name), and the description's first sentence and parameters.
   */
  static String text(List<PluginJar> jars, List<ProviderInfo> all) {
    StringBuilder s = new StringBuilder();
    if (jars.isEmpty()) {
      s.append("plug-ins: none (the application class path only)\n");
    } else {
      s.append("plug-ins:\n");
      jars.forEach(jar -> s.append("  ").append(jar.path()).append("  sha256 ").append(jar.sha256()).append('\n'));
    }
    int nameWidth = "NAME".length();
    int originWidth = "ORIGIN".length();
    for (ProviderInfo info : all) {
      nameWidth = Math.max(nameWidth, nameColumn(info).length());
      originWidth = Math.max(originWidth, originColumn(info).length());
    }
    int descriptionColumn = 2 + nameWidth + 2 + originWidth + 2;
    int descriptionWidth = Math.max(40, WIDTH - descriptionColumn);
    String format = "  %-" + nameWidth + "s  %-" + originWidth + "s  %s%n";
    String indent = " ".repeat(descriptionColumn);
    for (ProviderKind kind : ProviderKind.values()) {
      List<ProviderInfo> rows = all.stream().filter(i -> i.kind() == kind).toList();
      s.append(String.format("%n%s (%d)%n", kind.title(), rows.size()));
      if (rows.isEmpty()) {
        s.append("  none\n");
        continue;
      }
      s.append(String.format(format, "NAME", "ORIGIN", "DESCRIPTION"));
      for (ProviderInfo info : rows) {
        String summary = info.summary().isEmpty() ? "(no description)" : info.summary();
        List<String> lines = wrap(summary, descriptionWidth);
        if (!info.parameters().isEmpty()) {
          lines.addAll(wrap("parameters: " + info.parameters().stream().map(ParamInfo::toString)
              .collect(Collectors.joining(", ")), descriptionWidth));
        }
        s.append(String.format(format, nameColumn(info), originColumn(info), lines.get(0)).stripTrailing())
            .append('\n');
        lines.subList(1, lines.size()).forEach(line -> s.append(indent).append(line).append('\n'));
      }
    }
    return s.toString();
  }

  /** {@code built in}, or the file name of the jar (the listing's header has its path). */
  private static String originColumn(ProviderInfo info) {
    return info.origin().equals(Providers.BUILT_IN) ? info.origin()
        : String.valueOf(Path.of(info.origin()).getFileName());
  }

  private static String nameColumn(ProviderInfo info) {
    return info.available() ? info.name() : info.name() + " (unavailable)";
  }

  /** {@code text} in lines of at most {@code width} characters, broken at spaces (a longer word stays whole). */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
