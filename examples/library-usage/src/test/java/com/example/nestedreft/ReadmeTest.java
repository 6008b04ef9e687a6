package com.example.nestedreft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and this example cannot drift apart: each {@code java} block of the README is the imports and the
 * methods of one class of this example, verbatim (so it compiles and the tests run it), and each {@code xml} block
 * is a part of this example's POM, verbatim; the JVM options the README lists are the ones the library needs.
 */
class ReadmeTest {
  private static final Path README = Path.of("..", "..", "README.md");
  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Pattern BLOCK = Pattern.compile("```(java|xml)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern OPENS = Pattern.compile("<nestedreft\\.jvm\\.opens>(.*?)</nestedreft\\.jvm\\.opens>",
      Pattern.DOTALL);

  private static List<String> blocks(String language) throws IOException {
    Matcher m = BLOCK.matcher(Files.readString(README));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      if (m.group(1).equals(language)) {
        blocks.add(m.group(2));
      }
    }
    return blocks;
  }

  @Test
  void eachJavaBlockIsTheImportsAndMethodsOfOneExampleClass() throws IOException {
    List<String> blocks = blocks("java");
    List<Path> classes;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      classes = files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).sorted()
          .toList();
    }
    assertThat(blocks).as("java blocks in README.md").hasSameSizeAs(classes);
    List<Path> unmatched = new ArrayList<>(classes);
    for (String block : blocks) {
      List<String> lines = block.lines().toList();
      List<String> imports = lines.stream().filter(l -> l.startsWith("import ")).toList();
      List<String> body = lines.stream().filter(l -> !l.startsWith("import ")).dropWhile(String::isBlank).toList();
      Optional<Path> match = Optional.empty();
      for (Path source : unmatched) {
        List<String> code = Files.readAllLines(source);
        if (code.stream().filter(l -> l.startsWith("import ")).toList().equals(imports)
            && containsIndented(code, body)) {
          match = Optional.of(source);
        }
      }
      assertThat(match).as("""
          This README.md java block, verbatim (imports equal, the rest at any one indentation) in one of %s:
          %s""", unmatched, block).isPresent();
      unmatched.remove(match.get());
    }
  }

  @Test
  void eachXmlBlockIsPartOfTheExamplePom() throws IOException {
    List<String> pom = Files.readAllLines(Path.of("pom.xml"));
    List<String> blocks = blocks("xml");
    assertThat(blocks).as("xml blocks in README.md").isNotEmpty();
    for (String block : blocks) {
      assertThat(containsIndented(pom, block.lines().toList()))
          .as("This README.md xml block, verbatim in examples/library-usage/pom.xml:%n%s", block).isTrue();
    }
  }

  @Test
  void theReadmeListsTheJvmOptionsTheLibraryNeeds() throws IOException {
    Matcher opens = OPENS.matcher(Files.readString(README));
    assertThat(opens.find()).as("README.md has <nestedreft.jvm.opens>").isTrue();
    assertThat(Arrays.asList(opens.group(1).trim().split("\\s+")))
        .containsExactlyElementsOf(BuildInfo.current().jvmOptions());
  }

  /** Whether {@code lines} holds {@code block} as consecutive lines, each indented by one same prefix of spaces. */
  static boolean containsIndented(List<String> lines, List<String> block) {
    if (block.isEmpty()) {
      return true;
    }
    for (int start = 0; start + block.size() <= lines.size(); start++) {
      String first = lines.get(start);
      if (!first.endsWith(block.get(0)) || !first.substring(0, first.length() - block.get(0).length()).isBlank()) {
        continue;
      }
      String indent = first.substring(0, first.length() - block.get(0).length());
      boolean all = true;
      for (int i = 0; i < block.size() && all; i++) {
        String expected = block.get(i);
        all = expected.isEmpty() ? lines.get(start + i).isEmpty() : lines.get(start + i).equals(indent + expected);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
