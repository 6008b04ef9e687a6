package dev.nestedreft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code api} form layers: no package uses one that uses it back, directly or through others. Read
 * from the main sources (imports and fully-qualified names alike).
 */
class PackageLayersTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/nestedreft/api");
  private static final Pattern USE = Pattern.compile("dev\\.nestedreft\\.api\\.([a-z]+)\\.[A-Z]");
  private static final Pattern PACKAGE = Pattern.compile("^package dev\\.nestedreft\\.api(?:\\.([a-z]+))?;",
      Pattern.MULTILINE);

  /** Package (its last name; "" for the root) to the api packages it uses. */
  static Map<String, Set<String>> uses() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher p = PACKAGE.matcher(text);
        assertThat(p.find()).as("package line of %s", file).isTrue();
        String pkg = p.group(1) == null ? "" : p.group(1);
        Set<String> used = out.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = USE.matcher(text);
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            used.add(m.group(1));
          }
        }
      }
    }
    return out;
  }

  @Test
  void noPackageUsesOneThatUsesItBack() throws IOException {
    Map<String, Set<String>> uses = uses();
    assertThat(uses).containsKeys("contract", "train", "ray", "local", "task", "data", "launch");
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      // Every package reachable from start; a path back to start is a cycle.
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.add(List.of(start));
      Set<String> seen = new TreeSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.poll();
        for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
          List<String> longer = new ArrayList<>(path);
          longer.add(next);
          if (next.equals(start)) {
            cycles.add(String.join(" -> ", longer));
          } else if (seen.add(next)) {
            paths.add(longer);
          }
        }
      }
    }
    assertThat(cycles).as("package cycles in api").isEmpty();
  }

  @Test
  void theContractsAndTheTrainerNeverNameRay() throws IOException {
    Map<String, Set<String>> uses = uses();
    assertThat(uses.get("contract")).doesNotContain("ray", "train", "task", "data", "local", "launch");
    assertThat(uses.get("train")).doesNotContain("ray", "local", "task", "launch");
    assertThat(uses.get("data")).doesNotContain("train");
    assertThat(uses.get("task")).doesNotContain("train");
  }
}
