package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The rows a comparison runs, from its options. */
class CompareVariantTest {
  private static final Algorithms ALGORITHMS = Algorithms.discover();
  private static final TrainConfig BASE = TrainConfig.demo();

  @TempDir Path dir;

  private static CompareCommand parse(String... args) {
    CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args);
    return parsed.subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void theOptionsSplitBetweenEntriesNotInsideTheirParameters() {
    CompareCommand c = parse("compare", "--algos", "reft,nested-reft:tis:c=2,nested-reft:is",
        "--behaviors", "random-skip,probed:probe=p.json,min_layer=1,adaptive",
        "--skip-fractions", "0.25,0.375,0.5", "--eval-split", "validation", "--reuse-finished");
    assertThat(c.algos).containsExactly("reft", "nested-reft:tis:c=2", "nested-reft:is");
    assertThat(c.behaviors).containsExactly("random-skip", "probed:probe=p.json,min_layer=1", "adaptive");
    assertThat(c.skipFractions).containsExactly(0.25, 0.375, 0.5);
    assertThat(c.evalSplit).isEqualTo("validation");
    assertThat(c.reuseFinished).isTrue();
    CompareCommand defaults = parse("compare");
    assertThat(defaults.behaviors).isEmpty();
    assertThat(defaults.skipFractions).isEmpty();
    assertThat(defaults.reuseFinished).isFalse();
  }

  @Test
  void withoutASweepEachAlgorithmIsOneRowNamedAsBefore() {
    List<CompareVariant> rows = CompareVariant.plan(List.of("reft", "nested-reft:is"), List.of(), List.of(), BASE,
        ALGORITHMS);
    assertThat(rows).extracting(CompareVariant::label).containsExactly("reft", "nested-reft:is");
    assertThat(rows.get(0).runName("demo", 1)).isEqualTo("demo-reft-s1");
    assertThat(rows.get(1).runName("demo", 2)).isEqualTo("demo-nested-reft_is-s2");
    TrainConfig is = rows.get(1).config(BASE, 2);
    assertThat(is.correction()).isEqualTo("is");
    assertThat(is.behavior()).isNull();
    assertThat(is.seed()).isEqualTo(2);
    assertThat(is.evalEvery()).isEqualTo(20);
  }

  @Test
  void aSweepCrossesBehaviorsAndFractionsAndRunsTheFullBehaviorOnce() {
    List<CompareVariant> rows = CompareVariant.plan(List.of("reft", "nested-reft", "nested-reft:is"),
        List.of("random-skip", "probed", "adaptive"), List.of(0.25, 0.375, 0.5), BASE, ALGORITHMS);
    assertThat(rows).hasSize(1 + 2 * 9);
    assertThat(rows.get(0)).isEqualTo(CompareVariant.of("reft"));
    assertThat(rows).extracting(CompareVariant::label).contains("reft", "nested-reft / random-skip / 0.25",
        "nested-reft / adaptive / 0.375", "nested-reft:is / probed / 0.5");
    assertThat(rows.stream().map(v -> v.runName("demo", 1)).distinct()).hasSize(rows.size());
    for (CompareVariant row : rows) {
      assertThat(row.runName("demo", 3)).matches("[A-Za-z0-9._-]+");
    }
    CompareVariant adaptive = rows.stream().filter(v -> v.label().equals("nested-reft / adaptive / 0.375"))
        .findFirst().orElseThrow();
    assertThat(adaptive.runName("demo", 1)).isEqualTo("demo-nested-reft-adaptive-f0.375-s1");
    assertThat(adaptive.behaviorSetting()).isEqualTo("adaptive:fraction=0.375");
    // The preset's own behavior keeps its other parameters; the fraction replaces the preset's.
    CompareVariant random = rows.get(1);
    assertThat(random.behaviorSetting()).isEqualTo("random-skip:fraction=0.25");
    TrainConfig run = random.config(BASE.toBuilder().skipFraction(0.5).build(), 1);
    assertThat(run.behavior()).isEqualTo("random-skip:fraction=0.25");
    assertThat(run.skipFraction()).isNull(); // its shorthand would conflict with the behavior
  }

  @Test
  void fractionsAloneSweepEachAlgorithmsOwnBehavior() {
    List<CompareVariant> rows = CompareVariant.plan(List.of("reft", "nested-reft"), List.of(), List.of(0.5), BASE,
        ALGORITHMS);
    assertThat(rows).extracting(CompareVariant::label).containsExactly("reft", "nested-reft / random-skip / 0.5");
    List<CompareVariant> behaviorsAlone = CompareVariant.plan(List.of("nested-reft"), List.of("block:k=2"),
        List.of(), BASE, ALGORITHMS);
    assertThat(behaviorsAlone.get(0).label()).isEqualTo("nested-reft / block:k=2 / default");
    assertThat(behaviorsAlone.get(0).behaviorSetting()).isEqualTo("block:k=2");
    assertThat(behaviorsAlone.get(0).runName("demo", 1)).isEqualTo("demo-nested-reft-block_k-2-s1");
  }

  @Test
  void aSweptBehaviorKeepsTheParametersItIsGivenForItsOwnPolicyOnly() {
    Map<String, String> params = new LinkedHashMap<>(); // in this order, as a preset would give them
    params.put("k", "2");
    params.put("protect_ends", "false");
    Component own = new Component("behavior", "random-skip", params);
    assertThat(CompareVariant.setting(own, "random-skip", "0.5"))
        .isEqualTo("random-skip:protect_ends=false,fraction=0.5");
    assertThat(CompareVariant.setting(own, "random-skip:protect_ends=true", null))
        .isEqualTo("random-skip:k=2,protect_ends=true");
    assertThat(CompareVariant.setting(own, "probed:probe=p.json", "0.25"))
        .isEqualTo("probed:probe=p.json,fraction=0.25");
    assertThat(CompareVariant.fractionText(0.5)).isEqualTo("0.5");
    assertThat(CompareVariant.fractionText(0.375)).isEqualTo("0.375");
    assertThatThrownBy(() -> CompareVariant.plan(List.of("no-such"), List.of("random-skip"), List.of(), BASE,
        ALGORITHMS)).hasMessageContaining("--algos no-such: ");
  }

  private CliTest.Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliTest.Run(exit, out.toString(), err.toString());
  }

  @Test
  void badOptionsAreUsageErrorsBeforeAnyWork() {
    Path runs = dir.resolve("runs");
    for (String[] bad : List.of(new String[] {"--seeds", "0"}, new String[] {"--skip-fractions", "1.0"},
        new String[] {"--eval-split", "dev"}, new String[] {"--reuse-finished", "--data", "x.jsonl"})) {
      String[] args = new String[bad.length + 3];
      args[0] = "compare";
      args[1] = "--runs";
      args[2] = runs.toString();
      System.arraycopy(bad, 0, args, 3, bad.length);
      CliTest.Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
      assertThat(runs).as("nothing written").doesNotExist();
    }
    assertThat(run("compare", "--runs", runs.toString(), "--seeds", "0").err())
        .contains("--seeds must be >= 1, got 0");
  }

  @Test
  void rowsThatCannotRunAreRefusedBeforeAnyWork() throws IOException {
    Path runs = dir.resolve("twice");
    CliTest.Run r = run("compare", "--runs", runs.toString(), "--algos", "reft,reft", "--seeds", "1");
    assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err()).contains("rows 'reft' and 'reft' would both write the run demo-reft-s1");
    assertThat(runs).doesNotExist();
    // A behavior without a fraction parameter (should the check ever let it through, the run is short).
    Path small = Files.writeString(dir.resolve("small.yaml"), "sft_steps: 0\nsteps: 1\neval_problems: 2\n");
    CliTest.Run fixed = run("compare", "--runs", runs.toString(), "--config", small.toString(), "--behaviors",
        "random-skip,fixed:skip=3", "--skip-fractions", "0.25", "--seeds", "1");
    assertThat(fixed.exit()).as(fixed.out()).isEqualTo(Main.EXIT_ERROR);
    assertThat(fixed.err()).contains("nested-reft / fixed:skip=3 / 0.25: ",
        "behavior 'fixed': unknown parameter 'fraction'");
    assertThat(runs).doesNotExist();
    assertThat(EvalSplit.fromName("validation")).isEqualTo(EvalSplit.VALIDATION);
  }
}
