package dev.nestedreft.api.ray;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.plugin.TestPlugins;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actors find plug-in backends and corrections: the setup messages carry the driver's plug-in jars and each
 * actor reopens them (checked by hash) in a class loader of its own. The plug-in {@code echo} backend throws "echo
 * ... backend reached" when created, which shows that the actor found it.
 */
class ActorPluginsTest extends ArrowLeakCheck {
  private static final ModelSpec SPEC = ModelPresets.get("micro");

  @TempDir Path dir;
  private List<PluginJar> jars;

  @BeforeEach
  void buildPlugin() throws IOException {
    try (PluginSet plugins = PluginSet.open(List.of(TestPlugins.echo(dir.resolve("echo.jar"))))) {
      jars = plugins.jars();
    }
  }

  private static LearnerSetup learnerSetup(String backend, String correction) {
    return new LearnerSetup(backend, SPEC, 1e-3, 4, 1, Component.parse("correction", correction),
        new PolicyGradientStep.Settings(1, LossAggregation.TOKEN_MEAN, 8, 0, KlEstimator.K3, 0, 1));
  }

  private byte[] weightsIpc() {
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 3, allocator)) {
      return WeightSetIpc.toIpcBytes(weights);
    }
  }

  @Test
  void aRolloutWorkerActorOpensTheSetupsPlugins() {
    WorkerSetup setup = new WorkerSetup(TestPlugins.ECHO, SPEC, 1);
    RolloutWorkerActor bare = new RolloutWorkerActor(Wire.encode(setup));
    assertThatThrownBy(bare::ready).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("unknown rollout backend 'echo'; available: onnx");
    RolloutWorkerActor withPlugins = new RolloutWorkerActor(Wire.encode(setup.withPlugins(jars)));
    assertThatThrownBy(withPlugins::ready).isInstanceOf(IllegalStateException.class)
        .hasMessage("echo rollout backend reached");
  }

  @Test
  void aLearnerActorFindsThePluginCorrectionAndBackend() {
    byte[] weights = weightsIpc();
    LearnerActor bare = new LearnerActor(Wire.encode(learnerSetup(TestPlugins.ECHO, TestPlugins.FLAT)), weights);
    assertThatThrownBy(bare::ready).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("unknown correction 'flat'");
    // The correction is created first: reaching the backend shows both were found.
    LearnerActor withPlugins = new LearnerActor(
        Wire.encode(learnerSetup(TestPlugins.ECHO, TestPlugins.FLAT + ":scale=2").withPlugins(jars)), weights);
    assertThatThrownBy(withPlugins::ready).isInstanceOf(IllegalStateException.class)
        .hasMessage("echo learner backend reached");
  }

  @Test
  void anActorRefusesAJarThatChangedSinceTheDriverOpenedIt() {
    PluginJar changed = new PluginJar(jars.get(0).path(), "0".repeat(64));
    RolloutWorkerActor worker = new RolloutWorkerActor(
        Wire.encode(new WorkerSetup(TestPlugins.ECHO, SPEC, 1).withPlugins(List.of(changed))));
    assertThatThrownBy(worker::ready).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("changed since the run opened it").hasMessageContaining(changed.path().toString());
  }

  /** Through Ray's LOCAL mode: the placement adds its plug-ins to the setups it sends. */
  @Test
  void theRayPlacementSendsItsPluginsToTheActors() {
    try (Placement placement = RayPlacement.start(null, jars)) {
      assertThatThrownBy(() -> placement.rolloutWorkers(new WorkerSetup(TestPlugins.ECHO, SPEC, 1), 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("echo rollout backend reached");
      try (WeightSet weights = WeightInitializer.initialize(SPEC, 3, allocator)) {
        assertThatThrownBy(() -> placement.learner(learnerSetup(TestPlugins.ECHO, TestPlugins.FLAT), weights))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("echo learner backend reached");
      }
    }
  }
}
