package dev.nestedreft.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFnFactory;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.tck.reference.ReferenceBackendProvider;
import dev.nestedreft.tck.support.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plug-in set over jars the test builds: providers found through it with their origin, the jars' hashes, and a
 * one-line error for each thing that can be wrong with a path, a jar or a provider.
 */
class PluginSetTest {
  @TempDir Path dir;

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static String abs(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  @Test
  void theEmptySetIsTheApplicationClassPath() {
    try (PluginSet none = PluginSet.none()) {
      assertThat(none.isEmpty()).isTrue();
      assertThat(none.jars()).isEmpty();
      assertThat(none.classLoader()).isSameAs(PluginSet.class.getClassLoader());
      assertThat(none.backends().forwardProviders().all().keySet())
          .containsExactly("onnx", ReferenceBackendProvider.NAME, "tf");
      assertThat(none.providers()).allSatisfy(p -> assertThat(p.origin()).isEqualTo(Providers.BUILT_IN));
      assertThat(none).hasToString("no plug-ins");
    }
    try (PluginSet empty = PluginSet.open(List.of())) {
      assertThat(empty.isEmpty()).isTrue();
    }
  }

  @Test
  void aPluginRewardIsFoundThroughTheSetWithItsJarAndHash() throws Exception {
    Path jar = TestPlugins.bonus(dir.resolve("bonus.jar"));
    try (PluginSet plugins = PluginSet.open(List.of(jar))) {
      assertThat(plugins.jars()).containsExactly(new PluginJar(Path.of(abs(jar)), sha256(jar)));
      RewardFnFactory bonus = plugins.algorithms().rewards().select(TestPlugins.BONUS);
      assertThat(bonus.getClass().getClassLoader()).isSameAs(plugins.classLoader());
      assertThat(plugins.algorithms().reward(TestPlugins.BONUS, Params.parse("reward 'bonus'", "amount=2"))
          .score(new RewardInput(1, "1+1=", "2", "2"))).isEqualTo(2.0);
      assertThat(plugins.algorithms().rewards().origin(TestPlugins.BONUS)).isEqualTo(abs(jar));
      assertThat(plugins.algorithms().rewards().origin("math-answer")).isEqualTo(Providers.BUILT_IN);
      ProviderInfo listed = plugins.providers().stream().filter(p -> p.name().equals(TestPlugins.BONUS))
          .findFirst().orElseThrow();
      assertThat(listed.kind()).isEqualTo(ProviderKind.REWARD);
      assertThat(listed.origin()).isEqualTo(abs(jar));
      assertThat(listed.parameters()).containsExactly(ParamInfo.of("amount", "0.5", "must be >= 0"));
      assertThat(listed.available()).isTrue();
    }
    // The application class path alone does not see it.
    assertThatThrownBy(() -> PluginSet.none().algorithms().rewards().select(TestPlugins.BONUS))
        .isInstanceOf(InvalidInputException.class).hasMessage("unknown reward 'bonus'; available: format, math-answer");
  }

  @Test
  void aPluginBackendIsListedUnderEachOfItsKindsAndRanksBelowTheBuiltIns() throws IOException {
    Path jar = TestPlugins.echo(dir.resolve("echo.jar"));
    try (PluginSet plugins = PluginSet.open(List.of(jar))) {
      assertThat(plugins.backends().forwardProviders().origin(TestPlugins.ECHO)).isEqualTo(abs(jar));
      assertThat(plugins.backends().rolloutProviders().all()).containsKeys("onnx", TestPlugins.ECHO);
      assertThat(plugins.backends().learnerProviders().rank(TestPlugins.ECHO)).isEqualTo(5);
      assertThat(plugins.backends().forwardProviders().bestName()).contains("tf");
      assertThat(plugins.backends().rolloutProviders().bestName()).contains("onnx");
      assertThat(plugins.backends().learnerProviders().bestName()).contains("tf");
      assertThat(plugins.providers()).filteredOn(p -> p.name().equals(TestPlugins.ECHO))
          .extracting(ProviderInfo::kind).containsExactly(ProviderKind.FORWARD_BACKEND, ProviderKind.ROLLOUT_BACKEND,
              ProviderKind.LEARNER_BACKEND);
      assertThat(plugins.providers()).filteredOn(p -> p.name().equals(TestPlugins.FLAT)).singleElement()
          .satisfies(p -> assertThat(p.parameters()).extracting(ParamInfo::toString)
              .containsExactly("scale=1 (must be > 0)"));
      assertThatThrownBy(() -> plugins.backends().openRollout(TestPlugins.ECHO, null, null, null))
          .isInstanceOf(IllegalStateException.class).hasMessage("echo rollout backend reached");
    }
  }

  @Test
  void aDirectoryTakesItsJarsInNameOrderAndAJarNamedTwiceIsTakenOnce() throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path b = TestPlugins.echo(plugins.resolve("b-echo.jar"));
    Path a = TestPlugins.bonus(plugins.resolve("a-bonus.jar"));
    Files.writeString(plugins.resolve("README.txt"), "not a jar, and not taken");
    try (PluginSet set = PluginSet.open(List.of(plugins, b))) {
      assertThat(set.jars()).extracting(j -> j.path().toString()).containsExactly(abs(a), abs(b));
      assertThat(set.algorithms().rewards().all()).containsKey(TestPlugins.BONUS);
      assertThat(set.backends().forwardProviders().all()).containsKey(TestPlugins.ECHO);
    }
  }

  @Test
  void aMissingPathOrAFileThatIsNotAJarIsNamed() throws IOException {
    Path missing = dir.resolve("nowhere/plugin.jar");
    assertThatThrownBy(() -> PluginSet.open(List.of(missing))).isInstanceOf(InvalidInputException.class)
        .hasMessage("plug-in path %s does not exist", abs(missing));
    Path text = Files.writeString(dir.resolve("notes.jar"), "hello");
    assertThatThrownBy(() -> PluginSet.open(List.of(text))).isInstanceOf(InvalidInputException.class)
        .hasMessage("plug-in %s is not a jar (no zip header); expected a jar file or a directory of jars", abs(text));
    Path truncated = dir.resolve("truncated.jar");
    byte[] good = Files.readAllBytes(TestPlugins.bonus(dir.resolve("good.jar")));
    Files.write(truncated, Arrays.copyOf(good, 40));
    assertThatThrownBy(() -> PluginSet.open(List.of(truncated))).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("plug-in %s is not a readable jar (", abs(truncated))
        .hasMessageEndingWith("); expected a jar file");
  }

  @Test
  void aProviderThatFailsToLoadIsNamedWithItsJarAndTheCause() throws IOException {
    Path jar = PluginJars.jar(dir.resolve("broken.jar")).service(RewardFnFactory.class, "com.acme.Gone").write();
    assertThatThrownBy(() -> PluginSet.open(List.of(jar))).isInstanceOf(InvalidInputException.class)
        .hasMessage("cannot load reward provider %s listed in %s (META-INF/services/%s): Provider %s not found",
            "com.acme.Gone", abs(jar), RewardFnFactory.class.getName(), "com.acme.Gone");
  }

  @Test
  void twoProvidersOfOneNameNameBothOrigins() throws IOException {
    Path one = TestPlugins.reward(dir.resolve("one.jar"), "One", "bonus");
    Path two = TestPlugins.reward(dir.resolve("two.jar"), "Two", "bonus");
    assertThatThrownBy(() -> PluginSet.open(List.of(one, two))).isInstanceOf(InvalidInputException.class)
        .hasMessage("two reward providers are named 'bonus': %s (%s) and %s (%s)", "com.acme.One", abs(one),
            "com.acme.Two", abs(two));
    Path shadow = TestPlugins.reward(dir.resolve("shadow.jar"), "Shadow", "format");
    assertThatThrownBy(() -> PluginSet.open(List.of(shadow))).isInstanceOf(InvalidInputException.class)
        .hasMessageMatching("two reward providers are named 'format': [\\w.]+FormatRewardFactory \\(built in\\) and "
            + "com\\.acme\\.Shadow \\(.*shadow\\.jar\\)");
  }

  @Test
  void reopeningChecksEachJarsHash() throws IOException {
    Path jar = TestPlugins.bonus(dir.resolve("bonus.jar"));
    List<PluginJar> recorded;
    try (PluginSet driver = PluginSet.open(List.of(jar))) {
      recorded = driver.jars();
    }
    try (PluginSet again = PluginSet.reopen(recorded)) {
      assertThat(again.jars()).isEqualTo(recorded);
      assertThat(again.algorithms().rewards().all()).containsKey(TestPlugins.BONUS);
    }
    try (PluginSet none = PluginSet.reopen(List.of())) {
      assertThat(none.isEmpty()).isTrue();
    }
    TestPlugins.reward(jar, "BonusRewardFactory", "bonus-v2"); // rebuilt in place
    assertThatThrownBy(() -> PluginSet.reopen(recorded)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("plug-in %s changed since the run opened it: its sha256 is ", abs(jar))
        .hasMessageEndingWith(", expected %s", recorded.get(0).sha256());
  }

  @Test
  void pathListsSplitOnCommasAndThePathSeparator() {
    assertThat(PluginSet.parsePaths("a.jar, b", null, "", "c:d/e.jar,")).containsExactly(Path.of("a.jar"),
        Path.of("b"), Path.of("c"), Path.of("d/e.jar"));
  }
}
