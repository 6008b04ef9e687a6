package com.example.nestedreft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.BuildInfo;
import io.vavr.control.Either;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.arrow.vector.ValueVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A project that imports nested-reft's BOM resolves the versions nested-reft is built and tested with. The expected
 * versions are read from the BOM itself (bom/pom.xml of this repository, the one place they are written; the
 * reactor imports it too). Without the BOM, a project depending on nested-reft-api got Jackson 2.21.0 and
 * protobuf 3.21.9 where nested-reft uses 2.21.3 and 3.25.6; if the BOM stops pinning one of the libraries below, or
 * this example stops importing it, this test fails.
 */
class DependencyVersionsTest {
  private static final Path BOM = Path.of("..", "..", "bom", "pom.xml");
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  /** groupId:artifactId[:classifier] of each entry of the BOM's dependencyManagement, to its version. */
  private static Map<String, String> managed;
  /** groupId:artifactId of each BOM the BOM imports, to its version. */
  private static Map<String, String> imported;

  @BeforeAll
  static void readBom() throws Exception {
    assertThat(BOM).as("the BOM, relative to examples/library-usage").exists();
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(BOM.toFile());
    Element project = pom.getDocumentElement();
    Map<String, String> properties = new HashMap<>();
    properties.put("project.version", child(project, "version").orElseThrow());
    Optional<Element> props = element(project, "properties");
    if (props.isPresent()) {
      NodeList nodes = props.get().getChildNodes();
      for (int i = 0; i < nodes.getLength(); i++) {
        if (nodes.item(i) instanceof Element e) {
          properties.put(e.getTagName(), e.getTextContent().trim());
        }
      }
    }
    managed = new HashMap<>();
    imported = new HashMap<>();
    NodeList dependencies = element(project, "dependencyManagement").flatMap(m -> element(m, "dependencies"))
        .orElseThrow().getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String key = child(dependency, "groupId").orElseThrow() + ":" + child(dependency, "artifactId").orElseThrow()
          + child(dependency, "classifier").map(c -> ":" + c).orElse("");
      String version = interpolate(child(dependency, "version").orElseThrow(), properties);
      if (child(dependency, "scope").filter("import"::equals).isPresent()) {
        imported.put(key, version);
      } else {
        managed.put(key, version);
      }
    }
  }

  @Test
  void theLibrariesNestedReftUsesComeInTheBomsVersions() throws ClassNotFoundException {
    // One class from each library, located where the class loader found it: the version this JVM runs. protobuf
    // reaches the class path at run time only (through the backends), so its class is looked up by name.
    assertLoadedAsPinned(Class.forName("com.google.protobuf.Message"), "com.google.protobuf:protobuf-java");
    assertLoadedAsPinned(ValueVector.class, "org.apache.arrow:arrow-vector");
    assertLoadedAsPinned(ImmutableList.class, "com.google.guava:guava");
    assertLoadedAsPinned(Either.class, "io.vavr:vavr");
    assertThat(loadedVersion(ObjectMapper.class, "com.fasterxml.jackson.core:jackson-databind"))
        .as("jackson-databind's jar").isEqualTo(jackson());
    assertThat(PackageVersion.VERSION.toString()).as("jackson-databind's own version").isEqualTo(jackson());
    assertThat(BuildInfo.current().version()).as("nested-reft's version").isEqualTo(pinned(
        "dev.nestedreft:nested-reft-api"));
  }

  @Test
  void everyJarOnTheClassPathThatTheBomPinsHasItsVersion() {
    List<String> checked = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      Optional<String> key = repositoryKey(jar);
      if (key.isEmpty()) {
        continue;
      }
      String version = jar.getParent().getFileName().toString();
      String expected = key.get().startsWith("com.fasterxml.jackson.") ? jacksonModule(key.get())
          : managed.get(key.get());
      if (expected != null) {
        checked.add(key.get());
        if (!expected.equals(version)) {
          wrong.add(key.get() + ": " + version + ", the BOM says " + expected);
        }
      }
    }
    assertThat(wrong).as("jars in another version than the BOM's").isEmpty();
    assertThat(checked).as("jars checked").contains("com.google.protobuf:protobuf-java",
        "org.apache.arrow:arrow-vector", "org.apache.arrow:arrow-memory-core", "org.apache.arrow:arrow-format",
        "com.google.guava:guava", "io.vavr:vavr", "com.fasterxml.jackson.core:jackson-databind",
        "com.fasterxml.jackson.core:jackson-core", "org.tensorflow:tensorflow-core-api",
        "org.tensorflow:tensorflow-core-native:linux-x86_64", "com.microsoft.onnxruntime:onnxruntime",
        "org.tribuo:tribuo-util-onnx", "io.ray:ray-api", "io.ray:ray-runtime", "ai.djl.huggingface:tokenizers",
        "com.hubspot.jinjava:jinjava", "org.slf4j:slf4j-nop");
  }

  private static void assertLoadedAsPinned(Class<?> type, String key) {
    assertThat(loadedVersion(type, key)).as("the version of %s on the class path", key).isEqualTo(pinned(key));
  }

  /** The version the BOM pins {@code key} to; fails when it pins none. */
  private static String pinned(String key) {
    assertThat(managed).as("the BOM's dependencyManagement").containsKey(key);
    return managed.get(key);
  }

  private static String jackson() {
    assertThat(imported).as("the BOMs the BOM imports").containsKey("com.fasterxml.jackson:jackson-bom");
    return imported.get("com.fasterxml.jackson:jackson-bom");
  }

  /** Jackson's BOM gives every module its version, except jackson-annotations: major.minor only since 2.20. */
  private static String jacksonModule(String key) {
    return key.equals("com.fasterxml.jackson.core:jackson-annotations")
        ? jackson().substring(0, jackson().lastIndexOf('.')) : jackson();
  }

  /** The version of {@code key}'s jar that {@code type} was loaded from, by the jar's place in the repository. */
  private static String loadedVersion(Class<?> type, String key) {
    Path jar;
    try {
      jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      throw new AssertionError(type + ": no jar", e);
    }
    assertThat(repositoryKey(jar)).as("the jar %s was loaded from: %s", type.getName(), jar).contains(key);
    return jar.getParent().getFileName().toString();
  }

  /**
   * groupId:artifactId[:classifier] of a jar in a Maven repository's layout ({@code
   * group/path/artifactId/version/artifactId-version[-classifier].jar}) whose group the BOM names; empty otherwise
   * (the reactor's own jars, or a group the BOM does not manage).
   */
  private static Optional<String> repositoryKey(Path jar) {
    String name = jar.getFileName().toString();
    if (!name.endsWith(".jar") || jar.getNameCount() < 4 || !Files.isRegularFile(jar)) {
      return Optional.empty();
    }
    String version = jar.getParent().getFileName().toString();
    String artifact = jar.getParent().getParent().getFileName().toString();
    String prefix = artifact + "-" + version;
    if (!name.startsWith(prefix)) {
      return Optional.empty();
    }
    String classifier = name.substring(prefix.length(), name.length() - ".jar".length());
    Path groupPath = jar.getParent().getParent().getParent();
    List<String> groups = new ArrayList<>();
    managed.keySet().forEach(k -> groups.add(k.substring(0, k.indexOf(':'))));
    imported.keySet().forEach(k -> groups.add(k.substring(0, k.indexOf(':'))));
    groups.add("com.fasterxml.jackson.core");
    groups.add("com.fasterxml.jackson.dataformat");
    groups.add("com.fasterxml.jackson.datatype");
    for (String group : groups) {
      if (groupPath.endsWith(Path.of(group.replace('.', '/')))) {
        return Optional.of(group + ":" + artifact + (classifier.isEmpty() ? "" : ":" + classifier.substring(1)));
      }
    }
    return Optional.empty();
  }

  private static String interpolate(String value, Map<String, String> properties) {
    Matcher m = PROPERTY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = properties.get(m.group(1));
      assertThat(replacement).as("property %s of %s", m.group(1), BOM).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  private static Optional<Element> element(Element parent, String tag) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> child(Element parent, String tag) {
    return element(parent, tag).map(e -> e.getTextContent().trim());
  }
}
