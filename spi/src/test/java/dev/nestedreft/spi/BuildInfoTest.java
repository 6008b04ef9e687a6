package dev.nestedreft.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The build's facts reach the class path unchanged: the POM is their one definition. */
class BuildInfoTest {
  /** The parent POM, read as XML (tests run in the module's directory). */
  private static Element parentPom() throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("..", "pom.xml").toFile())
        .getDocumentElement();
  }

  private static String child(Element parent, String name) {
    for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
  }

  @Test
  void theVersionIsThePomsVersion() throws Exception {
    assertThat(BuildInfo.current().version()).isEqualTo(child(parentPom(), "version"));
  }

  @Test
  void theJvmOptionsAreThePomsOpens() throws Exception {
    Element properties = (Element) parentPom().getElementsByTagName("properties").item(0);
    assertThat(BuildInfo.current().jvmOptions())
        .containsExactlyElementsOf(Arrays.asList(child(properties, "nestedreft.jvm.opens").split("\\s+")))
        .contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
  }

  @Test
  void theGitCommitIsTheCheckoutsHead() throws IOException, InterruptedException {
    Process git;
    try {
      git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no git here: " + e.getMessage());
      return;
    }
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assumeTrue(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0, "not a git checkout: " + head);
    assertThat(BuildInfo.current().gitCommit()).hasValueSatisfying(commit -> assertThat(commit)
        .matches("[0-9a-f]{40}(" + BuildInfo.DIRTY_SUFFIX + ")?").startsWith(head));
  }

  @Test
  void valuesTheBuildLeftUnsetAreAbsent() {
    Properties unset = new Properties();
    unset.setProperty("version", "1.2.3");
    unset.setProperty("git.commit", "${git.commit.id}");
    unset.setProperty("git.dirty", "${git.dirty}");
    unset.setProperty("jvm.options", "");
    BuildInfo info = BuildInfo.parse(unset, "test.properties");
    assertThat(info.gitCommit()).isEmpty();
    assertThat(info.jvmOptions()).isEmpty();

    Properties dirty = new Properties();
    dirty.setProperty("version", "1.2.3");
    dirty.setProperty("git.commit", "abc");
    dirty.setProperty("git.dirty", "true");
    dirty.setProperty("jvm.options", " --a  --b ");
    assertThat(BuildInfo.parse(dirty, "test.properties"))
        .isEqualTo(new BuildInfo("1.2.3", Optional.of("abc-dirty"), List.of("--a", "--b")));

    unset.setProperty("version", "${project.version}");
    assertThatThrownBy(() -> BuildInfo.parse(unset, "test.properties")).isInstanceOf(NestedReftException.class)
        .hasMessageContaining("test.properties: no version");
  }
}
