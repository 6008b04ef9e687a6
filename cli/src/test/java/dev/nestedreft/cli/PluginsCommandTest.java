package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.plugin.ProviderKind;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.RewardFnFactory;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.tck.support.PluginJars;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nested-reft plugins} as text and JSON, and {@code --plugins}/{@code NESTED_REFT_PLUGINS} on the commands
 * that find backends and algorithms, with a plug-in jar built by the test (the reward {@code bonus}, the correction
 * {@code flat} and the forward backend {@code echo}, which throws when created).
 */
class PluginsCommandTest {
  @TempDir static Path dir;
  static Path acme;
  static Path other;

  record Run(int exit, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  @BeforeAll
  static void buildPlugins() throws IOException {
    acme = PluginJars.jar(dir.resolve("acme.jar"))
        .source("com.acme.BonusRewardFactory", """
            package com.acme;

            import dev.nestedreft.spi.algo.*;

            public final class BonusRewardFactory extends DeclaredRewardFnFactory {
              static final DoubleParam AMOUNT = DoubleParam.of("amount", 0.5).nonNegative();

              public BonusRewardFactory() {
                super(ComponentSpec.of("bonus", "scores every completion 'amount'", AMOUNT), params -> {
                  double amount = AMOUNT.read(params);
                  return new RewardFn() {
                    @Override public String name() { return "bonus"; }
                    @Override public double score(RewardInput input) { return amount; }
                  };
                });
              }
            }
            """)
        .source("com.acme.FlatCorrectionFactory", """
            package com.acme;

            import dev.nestedreft.spi.algo.*;

            public final class FlatCorrectionFactory extends DeclaredCorrectionFactory {
              static final DoubleParam SCALE = DoubleParam.of("scale", 1.0).positive();

              public FlatCorrectionFactory() {
                super(ComponentSpec.of("flat", "w_t = scale on every token", SCALE), params -> {
                  SCALE.read(params);
                  throw new UnsupportedOperationException("flat is only listed");
                });
              }
            }
            """)
        .source("com.acme.EchoBackend", """
            package com.acme;

            import dev.nestedreft.spi.backend.*;
            import dev.nestedreft.spi.model.*;
            import dev.nestedreft.spi.weights.*;

            public final class EchoBackend implements ForwardBackendProvider {
              @Override public String name() { return "echo"; }
              @Override public boolean isAvailable() { return true; }
              @Override public String description() { return "a test backend that only says it was reached"; }
              @Override public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
                throw new IllegalStateException("echo forward backend reached");
              }
            }
            """)
        .service(RewardFnFactory.class, "com.acme.BonusRewardFactory")
        .service(OffPolicyCorrectionFactory.class, "com.acme.FlatCorrectionFactory")
        .service(ForwardBackendProvider.class, "com.acme.EchoBackend")
        .write();
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    other = PluginJars.jar(plugins.resolve("other.jar"))
        .source("com.other.LengthRewardFactory", """
            package com.other;

            import dev.nestedreft.spi.algo.*;

            public final class LengthRewardFactory implements RewardFnFactory {
              @Override public String name() { return "length"; }
              @Override public String description() { return "the completion's length"; }
              @Override public RewardFn create(Params params) { throw new UnsupportedOperationException(); }
            }
            """)
        .service(RewardFnFactory.class, "com.other.LengthRewardFactory")
        .write();
  }

  private static String abs(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  @Test
  void theTextListsEveryKindWithItsProviders() {
    Run r = run("plugins");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("plug-ins: none (the application class path only)\n");
    for (ProviderKind kind : ProviderKind.values()) {
      assertThat(r.out()).contains("\n" + kind.title() + " (");
    }
    assertThat(r.out()).contains("corrections (9)\n  NAME ").contains("algorithm presets (6)");
    assertThat(r.out()).containsPattern("\n  tis +built in +w_t = min\\(ρ_t, c\\)")
        .containsPattern("\n +parameters: c=2 \\(must be > 0\\)\n");
    assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
  }

  @Test
  void theJsonHasOneObjectPerProviderWithItsParametersAndOrigin() throws IOException {
    Run r = run("plugins", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode all = new ObjectMapper().readTree(r.out());
    assertThat(all.isArray()).isTrue();
    Set<String> kinds = new TreeSet<>();
    for (JsonNode row : all) {
      assertThat(iterableOf(row.fieldNames())).containsExactly("kind", "name", "description", "parameters", "origin",
          "available");
      assertThat(row.get("origin").asText()).isEqualTo(Providers.BUILT_IN);
      kinds.add(row.get("kind").asText());
    }
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(ProviderKind.values()).map(ProviderKind::id).toList());
    JsonNode tis = find(all, "correction", "tis");
    assertThat(tis.get("parameters").toString()).isEqualTo("[{\"name\":\"c\",\"default\":\"2\","
        + "\"description\":\"must be > 0\"}]");
    assertThat(tis.get("description").asText()).startsWith("w_t = min(ρ_t, c)");
    assertThat(find(all, "behavior-policy", "random-skip").get("parameters").get(0).get("default").isNull()).isTrue();
    assertThat(find(all, "forward-backend", "tf").get("description").asText()).startsWith("TensorFlow Java");
  }

  @Test
  void aPluginFromTheOptionAndTheEnvironmentIsListedWithItsJar() throws IOException {
    Map<String, String> env = Map.of(PluginSet.ENVIRONMENT_VARIABLE, dir.resolve("plugins").toString());
    Run r = run(env, "plugins", "--json", "--plugins", acme.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode all = new ObjectMapper().readTree(r.out());
    assertThat(find(all, "reward", "bonus").get("origin").asText()).isEqualTo(abs(acme));
    assertThat(find(all, "reward", "bonus").get("parameters").toString())
        .isEqualTo("[{\"name\":\"amount\",\"default\":\"0.5\",\"description\":\"must be >= 0\"}]");
    assertThat(find(all, "reward", "length").get("origin").asText()).isEqualTo(abs(other));
    assertThat(find(all, "forward-backend", "echo").get("description").asText())
        .isEqualTo("a test backend that only says it was reached");
    assertThat(find(all, "reward", "format").get("origin").asText()).isEqualTo(Providers.BUILT_IN);

    Run text = run(env, "--plugins", acme.toString(), "plugins"); // before the command too; the variable's first
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).startsWith("plug-ins:\n  " + abs(other) + "  sha256 ");
    assertThat(text.out().lines().skip(2).findFirst().orElseThrow()).startsWith("  " + abs(acme) + "  sha256 ");
    // The table names the jar by its file name; the header above holds its path and hash.
    assertThat(text.out()).containsPattern("\n  bonus +" + acme.getFileName() + " +scores every completion 'amount'\n +"
        + "parameters: amount=0.5 \\(must be >= 0\\)\n");
  }

  @Test
  void aBadPluginPathIsOneLineAndNothingRuns() {
    Path missing = dir.resolve("missing.jar");
    Run r = run("plugins", "--plugins", missing + "," + acme);
    assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: plug-in path " + abs(missing) + " does not exist\n");
    Run env = run(Map.of(PluginSet.ENVIRONMENT_VARIABLE, dir.resolve("plugins") + ":" + missing), "plugins");
    assertThat(env.err()).isEqualTo("error: plug-in path " + abs(missing) + " does not exist\n");
  }

  @Test
  void theCommandsFindPluginBackendsAndAlgorithms() throws IOException {
    Path model = dir.resolve("micro");
    Run init = run("init", "--preset", "micro", "--seed", "7", "--out", model.toString());
    assertThat(init.exit()).as(init.err()).isZero();
    List<String> score = new ArrayList<>(List.of("score", "--model", model.toString(), "--backend", "echo",
        "--tokens", "1,2,3"));
    Run without = run(score.toArray(new String[0]));
    assertThat(without.err()).startsWith("error: unknown backend 'echo'; available: onnx, tf");
    score.addAll(List.of("--plugins", acme.toString()));
    Run with = run(score.toArray(new String[0]));
    assertThat(with.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(with.err()).startsWith("error: IllegalStateException: echo forward backend reached");

    // compare checks every algorithm against the plug-ins' corrections before the first run.
    Path runs = dir.resolve("runs");
    Run unknown = run("compare", "--algos", "nested-reft:flat", "--seeds", "1", "--steps", "1", "--runs",
        runs.toString());
    assertThat(unknown.err()).contains("unknown correction 'flat'");
    Run checked = run("compare", "--algos", "nested-reft:flat:scale=0", "--seeds", "1", "--steps", "1", "--runs",
        runs.toString(), "--plugins", acme.toString());
    assertThat(checked.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(checked.err()).contains("parameter 'scale' must be > 0, got '0'");
    assertThat(runs).as("no run started").doesNotExist();
  }

  private static JsonNode find(JsonNode all, String kind, String name) {
    for (JsonNode row : all) {
      if (row.get("kind").asText().equals(kind) && row.get("name").asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no " + kind + " " + name + " in " + all);
  }

  private static <T> List<T> iterableOf(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
