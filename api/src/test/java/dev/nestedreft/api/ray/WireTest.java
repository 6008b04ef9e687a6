package dev.nestedreft.api.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.spi.algo.CorrectionDiagnostics;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every actor message survives the one codec exactly: each value, NaN and the shortest doubles included. */
class WireTest {
  private static <T> T roundTrip(T message, Class<T> type) {
    return Wire.decode(Wire.encode(message), type);
  }

  @Test
  void theLearnerSetupCarriesTheModelTheCorrectionAndTheSettings() {
    ModelSpec spec = ModelPresets.get("micro-qwen2");
    LearnerSetup setup = new LearnerSetup("tf", spec, 3e-4, 4, 2,
        Component.parse("correction", "ppo-clip:eps_low=0.1,eps_high=0.28"),
        new PolicyGradientStep.Settings(0.7, LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, 24, 0.01, KlEstimator.K2,
            1e-3, 2));
    LearnerSetup back = roundTrip(setup, LearnerSetup.class);
    assertThat(back).isEqualTo(setup);
    assertThat(back.spec()).isEqualTo(spec);
    assertThat(back.correction().text()).isEqualTo("ppo-clip:eps_low=0.1,eps_high=0.28");
  }

  @Test
  void theSetupsCarryThePluginJars() {
    ModelSpec spec = ModelPresets.get("micro");
    List<PluginJar> jars = List.of(new PluginJar(Path.of("/opt/plug ins/bonus.jar"), "ab".repeat(32)),
        new PluginJar(Path.of("/opt/echo.jar"), "0f".repeat(32)));
    WorkerSetup worker = new WorkerSetup("echo", spec, 2).withPlugins(jars);
    assertThat(roundTrip(worker, WorkerSetup.class)).isEqualTo(worker);
    assertThat(roundTrip(worker, WorkerSetup.class).plugins()).isEqualTo(jars);
    assertThat(roundTrip(new WorkerSetup("onnx", spec, 1), WorkerSetup.class).plugins()).isEmpty();
    LearnerSetup learner = new LearnerSetup("tf", spec, 1e-3, 4, 1, Component.parse("correction", "none"),
        new PolicyGradientStep.Settings(1, LossAggregation.TOKEN_MEAN, 8, 0, KlEstimator.K3, 0, 1)).withPlugins(jars);
    assertThat(roundTrip(learner, LearnerSetup.class)).isEqualTo(learner);
  }

  @Test
  void loadAndGenerateRequestsKeepPlansPromptsAndEverySamplingParameter() {
    LayerPlan plan = LayerPlan.skipping(8, 3, 5);
    Messages.Load load = new Messages.Load(plan, 12, new PlanDraw(plan, "random-skip", 11, -42));
    Messages.Load back = roundTrip(load, Messages.Load.class);
    assertThat(back.plan()).isEqualTo(plan);
    assertThat(back.draw()).isEqualTo(load.draw());
    assertThat(roundTrip(new Messages.Load(plan, 0, null), Messages.Load.class).draw()).isNull();

    SamplingParams sampling = new SamplingParams(0.1 + 0.2, 30, 0.95, 6, new int[] {3, 17}, Long.MIN_VALUE);
    Messages.Generate generate = new Messages.Generate(List.of(new Prompt(1, new int[] {5, 9}),
        new Prompt(Long.MAX_VALUE, new int[] {7})), 4, sampling);
    Messages.Generate got = roundTrip(generate, Messages.Generate.class);
    assertThat(got.samplesPerPrompt()).isEqualTo(4);
    assertThat(got.sampling().temperature()).isEqualTo(0.1 + 0.2); // 0.30000000000000004, not 0.3
    assertThat(got.sampling().seed()).isEqualTo(Long.MIN_VALUE);
    assertThat(got.sampling().stopTokenIds()).containsExactly(3, 17);
    assertThat(got.prompts().get(1).id()).isEqualTo(Long.MAX_VALUE);
    assertThat(got.prompts().get(0).tokens()).containsExactly(5, 9);
  }

  @Test
  void aStepReportKeepsNonFiniteValues() {
    PolicyGradientStep.Report report = new PolicyGradientStep.Report(
        new CorrectionDiagnostics(1.5, 0.25, Double.POSITIVE_INFINITY, 0.4, 0.01, 0.125),
        List.of(new UpdateResult(Double.NaN, Double.NaN, 1e-4, 3, 0.5, 0, 64, 1234, true),
            new UpdateResult(0.75, 2.5, 1e-4, 4, 0.5, 0, 64, 1000, false)), 1, 2, 3);
    PolicyGradientStep.Report back = roundTrip(report, PolicyGradientStep.Report.class);
    assertThat(back.diagnostics()).isEqualTo(report.diagnostics());
    assertThat(back.updates()).isEqualTo(report.updates());
    assertThat(back.last().loss()).isEqualTo(0.75);
    assertThat(back.updateNanos()).isEqualTo(3);
    float[] advantages = {1.5f, -0.1f, Float.MIN_VALUE, -0f};
    assertThat(roundTrip(new Messages.Step(advantages), Messages.Step.class).advantages()).containsExactly(advantages);
  }

  @Test
  void aMessageOfAnotherShapeIsRefusedNamingTheType() {
    byte[] generated = Wire.encode(new Messages.Generated(3, 10, 5));
    assertThatThrownBy(() -> Wire.decode(generated, LearnerSetup.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a valid LearnerSetup message");
    assertThat(roundTrip(Map.of("a", 1), Map.class)).isEqualTo(Map.of("a", 1));
  }
}
