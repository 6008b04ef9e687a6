package dev.nestedreft.api.ray;

import static dev.nestedreft.tck.support.RolloutInputs.prompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rollout workers as real Ray actors in Ray's LOCAL mode (one JVM, no Ray installation). */
class RayRolloutWorkerTest extends ArrowLeakCheck {
  private static final ModelSpec SPEC = ModelPresets.get("micro");
  private static RayRuntime ray;
  private static Path sessionDir;

  @BeforeAll
  static void startRay() {
    ray = RayRuntime.local();
    assertThat(ray.mode()).isEqualTo(RayRuntime.Mode.LOCAL);
    assertThat(ray.isRunning()).isTrue();
    // Ray's settings were system properties only while Ray.init ran.
    assertThat(System.getProperty("ray.run-mode")).isNull();
    sessionDir = ray.ownedSessionDir().orElseThrow();
    assertThat(sessionDir).isDirectory();
  }

  @AfterAll
  static void stopRay() {
    ray.close();
    assertThat(Ray.isInitialized()).isFalse();
    assertThat(ray.isRunning()).isFalse();
    ray.close(); // idempotent
    assertThat(sessionDir).doesNotExist();
  }

  @Tag("native")
  @Test
  void twoWorkersWithTheSameWeightsPlanAndSeedReturnTheSameTokens() {
    LayerPlan nested = LayerPlan.skipping(SPEC.numHiddenLayers(), 1);
    PlanDraw draw = new PlanDraw(nested, "fixed", 4, 99);
    SamplingParams params = SamplingParams.sample(8, 1234).withTopK(20);
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 17, allocator);
        RolloutWorkerHandle a = RolloutWorkerHandle.create(ray, "onnx", SPEC, 1);
        RolloutWorkerHandle b = RolloutWorkerHandle.create(ray, "onnx", SPEC, 1)) {
      assertThat(a.actor().getId()).isNotEqualTo(b.actor().getId());
      RolloutWorkerHandle.loadAll(List.of(a, b), weights, draw, 7);
      RolloutWorkerHandle.PendingRollout pendingA = a.submitGenerate(prompts(), 2, params);
      RolloutWorkerHandle.PendingRollout pendingB = b.submitGenerate(prompts(), 2, params);
      try (RolloutBatch batchA = pendingA.get(allocator); RolloutBatch batchB = pendingB.get(allocator)) {
        for (RolloutBatch batch : List.of(batchA, batchB)) {
          batch.validate(SPEC.vocabSize());
          assertThat(batch.rowCount()).isEqualTo(6);
          for (int row = 0; row < 6; row++) {
            assertThat(batch.promptId(row)).isEqualTo(prompts().get(row / 2).id());
            assertThat(batch.sampleIndex(row)).isEqualTo(row % 2);
            assertThat(batch.promptTokens(row)).isEqualTo(prompts().get(row / 2).tokens());
            assertThat(batch.layerPlan(row)).isEqualTo(nested.layers());
            assertThat(batch.policyVersion(row)).isEqualTo(7);
            assertThat(batch.completionTokens(row)).isNotEmpty();
          }
        }
        for (int row = 0; row < 6; row++) {
          assertThat(batchB.completionTokens(row)).as("row %d", row).isEqualTo(batchA.completionTokens(row));
          assertThat(batchB.behaviorLogprobs(row)).as("row %d", row).isEqualTo(batchA.behaviorLogprobs(row));
        }
        // The draw reached the actor and its batches' metadata.
        assertThat(batchA.metadata().toString()).contains("fixed");
      }
      RolloutWorkerStats stats = a.stats();
      assertThat(stats.backend()).isEqualTo("onnx");
      assertThat(stats.loads()).isEqualTo(1);
      assertThat(stats.generateCalls()).isEqualTo(1);
      assertThat(stats.sequences()).isEqualTo(6);
      assertThat(stats.generatedTokens()).isPositive();
      assertThat(stats.policyVersion()).isEqualTo(7);
      assertThat(stats.plan()).isEqualTo(nested.compact());
      assertThat(stats.arrowBytes()).isPositive();
    }
  }

  @Tag("native")
  @Test
  void anActorGeneratesWhatTheBackendGeneratesInProcess() {
    LayerPlan nested = LayerPlan.skipping(SPEC.numHiddenLayers(), 2);
    // Every sampling parameter is set, so the JSON wire form must carry each exactly.
    SamplingParams params = new SamplingParams(0.7, 30, 0.95, 6, new int[] {3, 17}, 42);
    BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(1);
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 3, allocator);
        RolloutWorkerHandle worker = RolloutWorkerHandle.create(ray, "onnx", SPEC, 1);
        RolloutBackend local = Backends.discover().openRollout("onnx", SPEC, allocator, options)) {
      load(worker, weights, nested, 2);
      local.load(weights, nested, 2);
      try (RolloutBatch remote = worker.generate(prompts(), 3, params, allocator);
          RolloutBatch direct = local.generate(prompts(), 3, params)) {
        assertThat(remote.rowCount()).isEqualTo(direct.rowCount()).isEqualTo(9);
        for (int row = 0; row < direct.rowCount(); row++) {
          assertThat(remote.row(row).completionTokens()).isEqualTo(direct.row(row).completionTokens());
          assertThat(remote.row(row).behaviorLogprobs()).isEqualTo(direct.row(row).behaviorLogprobs());
        }
      }
    }
  }

  @Tag("native")
  @Test
  @SuppressWarnings("try") // closes the worker inside its try block on purpose
  void errorsInTheActorComeBackWithTheirTypeAndMessage() {
    assertThatThrownBy(() -> RolloutWorkerHandle.create(ray, "no-such-backend", SPEC, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no-such-backend")
        .hasMessageContaining("onnx");
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 1, allocator);
        RolloutWorkerHandle worker = RolloutWorkerHandle.create(ray, "onnx", SPEC, 1)) {
      assertThatThrownBy(() -> worker.generate(prompts(), 1, SamplingParams.greedy(2), allocator))
          .isInstanceOf(IllegalStateException.class);
      load(worker, weights, SPEC.fullPlan(), 0);
      List<Prompt> outside = List.of(new Prompt(1, new int[] {SPEC.vocabSize() + 5}));
      assertThatThrownBy(() -> worker.generate(outside, 1, SamplingParams.greedy(2), allocator))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(String.valueOf(SPEC.vocabSize() + 5));
      // The worker survives a bad call.
      try (RolloutBatch batch = worker.generate(prompts(), 1, SamplingParams.greedy(2), allocator)) {
        assertThat(batch.rowCount()).isEqualTo(3);
      }
      worker.close();
      worker.close(); // idempotent
      assertThatThrownBy(() -> worker.submitGenerate(prompts(), 1, SamplingParams.greedy(2)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Tag("native")
  @Test
  void weightsGoFromALearnerActorToAWorkerActorWithoutTheDriverReadingThem() {
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 9, allocator);
        RolloutWorkerHandle worker = RolloutWorkerHandle.create(ray, "onnx", SPEC, 1);
        RolloutWorkerHandle direct = RolloutWorkerHandle.create(ray, "onnx", SPEC, 1)) {
      // Created and probed in one call, so that in LOCAL mode nothing else runs meanwhile.
      List<ActorHandle<LearnerActor>> created = new ArrayList<>();
      assertThat(ray.call(() -> {
        LearnerSetup setup = new LearnerSetup("tf", SPEC, 1e-4, 4, 1, Component.parse("correction", "none"),
            new PolicyGradientStep.Settings(1.0, LossAggregation.TOKEN_MEAN, 8, 0, KlEstimator.K3, 0, 1));
        created.add(Ray.actor(LearnerActor::new, Wire.encode(setup), WeightSetIpc.toIpcBytes(weights)).remote());
        return created.get(0).task(LearnerActor::ready).remote();
      })).startsWith("tf ");
      ActorHandle<LearnerActor> learner = created.get(0);
      ObjectRef<byte[]> exported = ray.submit(() -> learner.task(LearnerActor::exportWeightsIpc).remote());
      try (WeightSet back = WeightSetIpc.fromIpcBytes(exported.get(), allocator, "back")) {
        for (String name : weights.names()) {
          assertThat(back.toArray(name)).as(name).isEqualTo(weights.toArray(name));
        }
      }
      LayerPlan plan = LayerPlan.skipping(SPEC.numHiddenLayers(), 0);
      RayCalls.get(worker.submitLoad(exported, plan, 1, null));
      load(direct, weights, plan, 1);
      SamplingParams params = SamplingParams.sample(5, 8);
      try (RolloutBatch viaLearner = worker.generate(prompts(), 1, params, allocator);
          RolloutBatch viaDriver = direct.generate(prompts(), 1, params, allocator)) {
        for (int row = 0; row < 3; row++) {
          assertThat(viaLearner.completionTokens(row)).isEqualTo(viaDriver.completionTokens(row));
        }
      }
      assertThat(ray.call(() -> learner.task(LearnerActor::optimizerStep).remote())).isZero();
      assertThat(ray.call(() -> learner.task(LearnerActor::close).remote())).isTrue();
    }
  }

  /**
   * Ray 2.7.0's LOCAL mode can run a call on the wrong actor when calls on different actors overlap (ray#61827);
   * RayRuntime runs LOCAL calls one at a time, so each worker keeps its own state.
   */
  @Tag("native")
  @Test
  void callsSubmittedBackToBackReachTheirOwnActor() {
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 2, allocator)) {
      List<RolloutWorkerHandle> workers = List.of(RolloutWorkerHandle.create(ray, "onnx", SPEC, 1),
          RolloutWorkerHandle.create(ray, "onnx", SPEC, 1), RolloutWorkerHandle.create(ray, "onnx", SPEC, 1));
      try {
        ObjectRef<byte[]> ref = RolloutWorkerHandle.putWeights(weights);
        List<ObjectRef<Long>> loads = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < workers.size(); i++) {
            loads.add(workers.get(i).submitLoad(ref, LayerPlan.skipping(SPEC.numHiddenLayers(), i), 10 * i + round,
                null));
          }
        }
        loads.forEach(ObjectRef::get);
        // Many small calls in flight on all workers at once: each must answer from its own state.
        List<ObjectRef<byte[]>> answers = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
          for (RolloutWorkerHandle w : workers) {
            answers.add(ray.submit(() -> w.actor().task(RolloutWorkerActor::stats).remote()));
          }
        }
        for (int k = 0; k < answers.size(); k++) {
          assertThat(Wire.decode(answers.get(k).get(), RolloutWorkerStats.class).policyVersion()).as("call %d", k)
              .isEqualTo(10 * (k % workers.size()) + 2);
        }
        for (int i = 0; i < workers.size(); i++) {
          RolloutWorkerStats stats = workers.get(i).stats();
          assertThat(stats.loads()).as("worker %d", i).isEqualTo(3);
          assertThat(stats.policyVersion()).as("worker %d", i).isEqualTo(10 * i + 2);
          assertThat(stats.plan()).as("worker %d", i)
              .isEqualTo(LayerPlan.skipping(SPEC.numHiddenLayers(), i).compact());
        }
      } finally {
        workers.forEach(RolloutWorkerHandle::close);
      }
    }
  }

  /** The number of objects in LOCAL mode's in-heap object store (a Ray internal, read for this leak check). */
  private static int storedObjects() throws ReflectiveOperationException {
    Object store = Ray.internal().getClass().getMethod("getObjectStore").invoke(Ray.internal());
    Field pool = store.getClass().getDeclaredField("pool");
    pool.setAccessible(true);
    return ((Map<?, ?>) pool.get(store)).size();
  }

  @Tag("native")
  @Test
  void theLocalObjectStoreDoesNotGrowStepAfterStep() throws Exception {
    // LOCAL mode never frees an object by itself: before results and published weights were released, a run of
    // a few hundred steps ran out of heap.
    try (WeightSet weights = WeightInitializer.initialize(SPEC, 17, allocator);
        RayRolloutWorkers workers = new RayRolloutWorkers(ray, new WorkerSetup("onnx", SPEC, 1), 2)) {
      int before = storedObjects();
      for (int step = 0; step < 6; step++) {
        try (RayWeights published = new RayWeights(RolloutWorkerHandle.putWeights(weights))) {
          workers.load(published, new PlanDraw(LayerPlan.skipping(SPEC.numHiddenLayers(), 1 + step % 2), "fixed",
              step, 1), step);
        }
        try (Rollouts rollouts = workers.generate(prompts(), 2, SamplingParams.sample(4, step));
            RolloutBatch batch = rollouts.read(allocator)) {
          assertThat(batch.rowCount()).isEqualTo(6);
          assertThat(rollouts.stats().sequences()).isEqualTo(6);
        }
      }
      assertThat(storedObjects()).as("objects left in the store").isLessThanOrEqualTo(before + 1);
    }
  }

  /** Loads weights held by the test into one worker with a plan that was not drawn. */
  private static void load(RolloutWorkerHandle worker, WeightSet weights, LayerPlan plan, long version) {
    ObjectRef<byte[]> put = RolloutWorkerHandle.putWeights(weights);
    try {
      RayCalls.get(worker.submitLoad(put, plan, version, null));
    } finally {
      RayCalls.release(put);
    }
  }

  @Test
  void rayIsProcessGlobal() {
    assertThatThrownBy(RayRuntime::local)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("process-global");
    assertThat(ray.isRunning()).isTrue();
  }

  @Test
  void theAddressSwitchesBetweenLocalAndCluster() {
    assertThat(RayRuntime.Config.forAddress(null).mode()).isEqualTo(RayRuntime.Mode.LOCAL);
    assertThat(RayRuntime.Config.forAddress(" ").systemProperties()).containsEntry("ray.run-mode", "LOCAL")
        .doesNotContainKey("ray.address");
    RayRuntime.Config cluster = RayRuntime.Config.forAddress("10.0.0.1:6379")
        .withCodeSearchPath(List.of("/opt/nested-reft/lib/a.jar", "/opt/nested-reft/lib/b.jar"));
    assertThat(cluster.mode()).isEqualTo(RayRuntime.Mode.CLUSTER);
    assertThat(cluster.systemProperties())
        .containsEntry("ray.run-mode", "CLUSTER")
        .containsEntry("ray.address", "10.0.0.1:6379")
        .containsEntry("ray.job.code-search-path", "/opt/nested-reft/lib/a.jar:/opt/nested-reft/lib/b.jar")
        .containsEntry("ray.job.jvm-options.0", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    assertThat(RayRuntime.REQUIRED_JVM_OPTIONS).hasSize(15);
  }
}
