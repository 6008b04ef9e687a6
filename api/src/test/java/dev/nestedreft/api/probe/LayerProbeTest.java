package dev.nestedreft.api.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.api.ray.RayPlacement;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The layer probe on a six-layer model with random weights (micro's widths, the character tokenizer's vocabulary),
 * in this process and on Ray actors.
 */
@Tag("native")
class LayerProbeTest extends ArrowLeakCheck {
  private static final ModelSpec SPEC = ModelPresets.get("micro").toBuilder().vocabSize(128).numHiddenLayers(6)
      .build();
  private static final int LAYERS = SPEC.numHiddenLayers();
  /** k = 1 and k = 2 of six layers. */
  private static final ProbeSettings SETTINGS = ProbeSettings.builder().prompts(3).samples(2).maxNewTokens(6)
      .skipFractions(List.of(0.34, 0.17)).beam(2).randomSets(2).timedRounds(2).build();

  /** What a test does with the parts of a placement. */
  private interface Body<T> {
    T run(ProbeInputs inputs);
  }

  private <T> T withPlacement(Placement placement, Body<T> body) {
    LearnerSetup setup = new LearnerSetup("tf", SPEC, 1e-3, 8, 1, Component.parse("correction", "none"),
        new PolicyGradientStep.Settings(1.0, LossAggregation.TOKEN_MEAN, 1, 0, KlEstimator.K3, 0, 1));
    Algorithms algorithms = Algorithms.discover();
    try (placement;
        WeightSet weights = WeightInitializer.initialize(SPEC, 11, allocator);
        LearnerService learner = placement.learner(setup, weights);
        RolloutWorkers workers = placement.rolloutWorkers(new WorkerSetup("onnx", SPEC, 1), 1)) {
      return body.run(new ProbeInputs(learner, workers, SPEC, new ArithTrainingTask(7, 1), new CharTokenizer(),
          algorithms.reward("math-answer", Params.none("reward")), algorithms, allocator));
    }
  }

  private static Placement local() {
    return new LocalPlacement(Backends.discover(), Algorithms.discover());
  }

  private static ProbeReport probe(ProbeInputs in) {
    return LayerProbe.run(SETTINGS, in, line -> { });
  }

  /** The report's JSON without the fields that depend on timing. */
  private static JsonNode deterministic(ProbeReport report) {
    ObjectNode tree = ProbeJson.toTree(report);
    removeTimings(tree);
    return tree;
  }

  private static void removeTimings(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("tokens_per_s");
    }
    node.forEach(LayerProbeTest::removeTimings);
  }

  @Test
  void everyLayerHasARowTheFullModelIsOnPolicyAndNoKlIsNegative() {
    ProbeReport report = withPlacement(local(), LayerProbeTest::probe);
    LayerCosts costs = report.costs();
    assertThat(costs.numLayers()).isEqualTo(LAYERS);
    assertThat(costs.layers()).extracting(LayerCost::layer).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(costs.full().layer()).isEqualTo(-1);
    assertThat(costs.full().kl()).isEqualTo(0.0);
    assertThat(costs.full().k1()).isEqualTo(0.0);
    assertThat(costs.full().ess()).isEqualTo(1.0);
    assertThat(costs.full().tokensPerSecond()).isPositive();
    for (LayerCost row : costs.layers()) {
      assertThat(row.kl()).as("layer %d", row.layer()).isGreaterThanOrEqualTo(0).isFinite();
      assertThat(row.ess()).as("layer %d", row.layer()).isBetween(0.0, 1.0);
      assertThat(row.reward()).as("layer %d", row.layer()).isBetween(0.0, 1.0);
      assertThat(row.tokensPerSecond()).as("layer %d", row.layer()).isPositive();
    }
    // skipping a layer moves the behavior away from the target far more than the backends differ
    assertThat(report.backendMismatch().kl()).isGreaterThanOrEqualTo(0).isLessThan(1e-6);
    assertThat(costs.layers()).allSatisfy(row -> assertThat(row.kl()).isGreaterThan(
        100 * report.backendMismatch().kl()));
    // the probe file's part reads back as the probed policy reads it
    assertThat(LayerCostsJson.parse(ProbeJson.toJson(ProbeJson.toTree(report)), "probe")).isEqualTo(costs);
  }

  @Test
  void aSecondProbeGivesTheSameFiguresAndTheSearchesSetsHoldWhatADirectProbeMeasures() {
    List<ProbeReport> reports = new ArrayList<>();
    List<PlanFigures> direct = new ArrayList<>();
    withPlacement(local(), in -> {
      reports.add(probe(in));
      reports.add(probe(in));
      try (PlanProbe planProbe = new PlanProbe(SETTINGS, in)) {
        reports.get(0).searches().forEach(s -> direct.add(planProbe.figures(s.found().plan())));
      }
      return null;
    });
    assertThat(deterministic(reports.get(1))).isEqualTo(deterministic(reports.get(0)));

    ProbeReport report = reports.get(0);
    assertThat(report.searches()).extracting(SkipSetSearch::count).containsExactly(2, 1);
    for (int i = 0; i < report.searches().size(); i++) {
      SkipSetSearch s = report.searches().get(i);
      int[] skipped = s.found().plan().skipped();
      assertThat(skipped).hasSize(s.count());
      assertThat(Arrays.stream(skipped).boxed()).allSatisfy(layer -> assertThat(layer).isBetween(1, LAYERS - 2));
      assertThat(s.order()).containsExactlyInAnyOrder(Arrays.stream(skipped).boxed().toArray(Integer[]::new));
      assertThat(s.found().figures()).isEqualTo(direct.get(i));
      assertThat(s.random()).hasSize(SETTINGS.randomSets());
      assertThat(s.random().stream().map(PlanCost::plan).distinct()).hasSize(SETTINGS.randomSets());
      assertThat(s.random()).allSatisfy(r -> assertThat(Arrays.stream(r.plan().skipped()).boxed()).hasSize(s.count())
          .allSatisfy(layer -> assertThat(layer).isBetween(1, LAYERS - 2)));
      assertThat(s.randomFigures().kl()).isFinite();
    }
    // one layer: the search's first step is the single-layer rows of the skippable range, so it keeps their best
    LayerCost best = report.costs().layers().subList(1, LAYERS - 1).stream()
        .min(Comparator.comparingDouble(LayerCost::kl)).orElseThrow();
    assertThat(report.searches().get(1).found().plan().skipped()).containsExactly(best.layer());
    assertThat(report.searches().get(1).found().figures().kl()).isEqualTo(best.kl());
  }

  @Test
  void withoutProtectionTheSearchMaySkipTheEnds() {
    ProbeSettings open = SETTINGS.toBuilder().protectEnds(false).skipFractions(List.of(0.17)).randomSets(0)
        .build();
    ProbeReport report = withPlacement(local(), in -> LayerProbe.run(open, in, line -> { }));
    LayerCost best = report.costs().layers().stream().min(Comparator.comparingDouble(LayerCost::kl)).orElseThrow();
    assertThat(report.searches().get(0).found().plan().skipped()).containsExactly(best.layer());
    assertThat(report.searches().get(0).random()).isEmpty();
    assertThat(report.searches().get(0).randomFigures().kl()).isNaN();
  }

  @Test
  void withoutSkipBudgetsOnlyTheFullModelAndTheSingleLayersAreProbed() {
    // what the trainer asks for when a behavior policy wants layer costs
    ProbeSettings layersOnly = SETTINGS.toBuilder().prompts(2).samples(1).skipFractions(List.of()).build();
    List<String> progress = new ArrayList<>();
    ProbeReport report = withPlacement(local(), in -> LayerProbe.run(layersOnly, in, progress::add));
    assertThat(report.costs().layers()).hasSize(LAYERS);
    assertThat(report.searches()).isEmpty();
    assertThat(progress).noneMatch(line -> line.startsWith("search") || line.startsWith("random"))
        .contains("timing round 2/2: 7 plans");
  }

  @Test
  void aSkipFractionThatDoesNotFitTheModelIsRefusedBeforeAnyWork() {
    List<String> progress = new ArrayList<>();
    ProbeSettings tooMany = SETTINGS.toBuilder().skipFractions(List.of(0.25, 0.8)).build();
    assertThatThrownBy(() -> withPlacement(local(), in -> LayerProbe.run(tooMany, in, progress::add)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("skip fraction 0.8 means skipping 5 of 6 layers, but only 4 layers (layers 1..4) may be "
            + "skipped; the first and last layers are protected (--no-protect-ends lifts that)");
    assertThat(progress).isEmpty();
  }

  @Tag("slow")
  @Test
  void rayActorsGiveTheSameFiguresAsThisProcess() {
    Function<Placement, JsonNode> probe = placement -> withPlacement(placement, in -> deterministic(probe(in)));
    JsonNode inProcess = probe.apply(local());
    JsonNode onRay = probe.apply(RayPlacement.start(null));
    assertThat(onRay).isEqualTo(inProcess);
  }
}
