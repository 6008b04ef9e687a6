package dev.nestedreft.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.tck.support.PluginJars;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selection by name and by rank, each provider's origin, and the one-line errors for providers that fail to load or
 * share a name, also from plug-in jars built by the test.
 */
public class ProvidersTest {
  /** A provider kind for this test: a name, an availability and a rank. */
  public interface Engine {
    String name();

    default boolean available() {
      return true;
    }

    default int rank() {
      return 0;
    }
  }

  /** Rank 1. */
  public static final class Alpha implements Engine {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public int rank() {
      return 1;
    }
  }

  /** Rank 5, as {@link Gamma}: the first name wins the tie. */
  public static final class Beta implements Engine {
    @Override
    public String name() {
      return "beta";
    }

    @Override
    public int rank() {
      return 5;
    }
  }

  /** Rank 5. */
  public static final class Gamma implements Engine {
    @Override
    public String name() {
      return "gamma";
    }

    @Override
    public int rank() {
      return 5;
    }
  }

  /** The highest rank, but unavailable. */
  public static final class Delta implements Engine {
    @Override
    public String name() {
      return "delta";
    }

    @Override
    public boolean available() {
      return false;
    }

    @Override
    public int rank() {
      return 9;
    }
  }

  @TempDir Path dir;

  private static Providers<Engine> load(ClassLoader loader) {
    return Providers.load(Engine.class, loader, "engine", Engine::name, Engine::available, Engine::rank);
  }

  private static Providers<Engine> builtIn() {
    return load(ProvidersTest.class.getClassLoader());
  }

  /** A jar with one {@link Engine} provider {@code com.acme.<simpleName>} named {@code name}. */
  private Path engineJar(String jarName, String simpleName, String name, String constructorBody) throws IOException {
    String className = "com.acme." + simpleName;
    return PluginJars.jar(dir.resolve(jarName))
        .source(className, "package com.acme;\n"
            + "public final class " + simpleName + " implements " + Engine.class.getCanonicalName() + " {\n"
            + "  public " + simpleName + "() { " + constructorBody + " }\n"
            + "  @Override public String name() { return \"" + name + "\"; }\n"
            + "  @Override public int rank() { return 7; }\n"
            + "}\n")
        .service(Engine.class, className)
        .compileAgainst(ProvidersTest.class)
        .write();
  }

  private static URLClassLoader over(Path... jars) throws IOException {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    return new URLClassLoader(urls, ProvidersTest.class.getClassLoader());
  }

  @Test
  void namesAreSortedAndAnUnknownNameListsEveryProvider() {
    Providers<Engine> engines = builtIn();
    assertThat(engines.all().keySet()).containsExactly("alpha", "beta", "delta", "gamma");
    assertThatThrownBy(() -> engines.select("omega")).isInstanceOf(InvalidInputException.class)
        .hasMessage("unknown engine 'omega'; available: alpha, beta, delta (unavailable), gamma");
    assertThatThrownBy(() -> engines.select("delta")).isInstanceOf(InvalidInputException.class)
        .hasMessage("engine 'delta' is not available on this machine; found: alpha, beta, delta (unavailable), gamma");
  }

  @Test
  void theBestIsTheAvailableProviderOfHighestRankAndTiesGoToTheFirstName() {
    Providers<Engine> engines = builtIn();
    assertThat(engines.bestName()).contains("beta");
    assertThat(engines.best()).containsInstanceOf(Beta.class);
    assertThat(engines.rank("gamma")).isEqualTo(5);
    assertThat(engines.isAvailable("delta")).isFalse();
    // Without ranks every provider ranks 0: the first available name.
    Providers<Engine> unranked = Providers.load(Engine.class, ProvidersTest.class.getClassLoader(), "engine",
        Engine::name, Engine::available);
    assertThat(unranked.bestName()).contains("alpha");
    Providers<Engine> none = Providers.load(Engine.class, ProvidersTest.class.getClassLoader(), "engine",
        Engine::name, e -> false);
    assertThat(none.best()).isEmpty();
  }

  @Test
  void aPluginProviderComesFromItsJarAndBuiltInOnesAreBuiltIn() throws IOException {
    Path jar = engineJar("epsilon.jar", "Epsilon", "epsilon", "");
    try (URLClassLoader loader = over(jar)) {
      Providers<Engine> engines = load(loader);
      assertThat(engines.all().keySet()).containsExactly("alpha", "beta", "delta", "epsilon", "gamma");
      assertThat(engines.origin("epsilon")).isEqualTo(jar.toAbsolutePath().toString());
      assertThat(engines.origin("alpha")).isEqualTo(Providers.BUILT_IN);
      assertThat(engines.bestName()).contains("epsilon"); // rank 7
    }
    assertThatThrownBy(() -> builtIn().origin("epsilon")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aListedClassThatIsMissingIsNamedWithItsJar() throws IOException {
    String missing = "com.acme.Missing";
    Path jar = PluginJars.jar(dir.resolve("missing.jar")).service(Engine.class, missing).write();
    try (URLClassLoader loader = over(jar)) {
      assertThatThrownBy(() -> load(loader)).isInstanceOf(InvalidInputException.class)
          .hasMessage("cannot load engine provider %s listed in %s (META-INF/services/%s): Provider %s not found",
              missing, jar.toAbsolutePath(), Engine.class.getName(), missing);
    }
  }

  @Test
  void aProviderWhoseConstructorThrowsIsNamedWithTheCause() throws IOException {
    Path jar = engineJar("broken.jar", "Broken", "broken", "throw new IllegalStateException(\"no licence\");");
    try (URLClassLoader loader = over(jar)) {
      assertThatThrownBy(() -> load(loader)).isInstanceOf(InvalidInputException.class)
          .hasMessage("cannot load engine provider %s listed in %s (META-INF/services/%s): %s: no licence",
              "com.acme.Broken", jar.toAbsolutePath(), Engine.class.getName(), IllegalStateException.class.getName());
    }
  }

  @Test
  void twoProvidersWithOneNameNameBothOrigins() throws IOException {
    Path shadow = engineJar("shadow.jar", "Shadow", "alpha", "");
    try (URLClassLoader loader = over(shadow)) {
      assertThatThrownBy(() -> load(loader)).isInstanceOf(InvalidInputException.class)
          .hasMessage("two engine providers are named 'alpha': %s (built in) and %s (%s)",
              Alpha.class.getName(), "com.acme.Shadow", shadow.toAbsolutePath());
    }
    Path one = engineJar("one.jar", "One", "zeta", "");
    Path two = engineJar("two.jar", "Two", "zeta", "");
    try (URLClassLoader loader = over(one, two)) {
      assertThatThrownBy(() -> load(loader)).isInstanceOf(InvalidInputException.class)
          .hasMessage("two engine providers are named 'zeta': %s (%s) and %s (%s)",
              "com.acme.One", one.toAbsolutePath(), "com.acme.Two", two.toAbsolutePath());
    }
  }
}
