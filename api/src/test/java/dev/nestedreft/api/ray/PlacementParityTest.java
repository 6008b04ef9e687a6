package dev.nestedreft.api.ray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.PublishedWeights;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.Rollouts;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same two RL steps in this process and on Ray actors (LOCAL mode, two workers, batches and weights passed by
 * reference between the actors) give the same rollouts and the same learner reports, bit for bit.
 */
@Tag("native")
@Tag("slow")
class PlacementParityTest {
  private static final ModelSpec SPEC = ModelPresets.get("micro");

  private record Outcome(List<int[]> completions, List<float[]> logprobs, List<PolicyGradientStep.Report> reports) {}

  private static Outcome twoSteps(Placement placement) {
    LearnerSetup setup = new LearnerSetup("tf", SPEC, 1e-3, 4, 1, Component.parse("correction", "tis:c=2"),
        new PolicyGradientStep.Settings(1.0, LossAggregation.TOKEN_MEAN, 6, 0, KlEstimator.K3, 0, 1));
    List<Prompt> prompts = List.of(new Prompt(1, new int[] {5, 9, 2}), new Prompt(2, new int[] {7, 1, 30}),
        new Prompt(3, new int[] {3}));
    List<int[]> completions = new ArrayList<>();
    List<float[]> logprobs = new ArrayList<>();
    List<PolicyGradientStep.Report> reports = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet start = WeightInitializer.initialize(SPEC, 5, allocator);
        LearnerService learner = placement.learner(setup, start);
        RolloutWorkers workers = placement.rolloutWorkers(new WorkerSetup("onnx", SPEC, 1), 2)) {
      for (int step = 0; step < 2; step++) {
        PlanDraw draw = new PlanDraw(LayerPlan.skipping(SPEC.numHiddenLayers(), 1 + step), "fixed", step, 5);
        try (PublishedWeights weights = learner.publishWeights()) {
          workers.load(weights, draw, step);
        }
        try (Rollouts rollouts = workers.generate(prompts, 2, SamplingParams.sample(6, 100 + step))) {
          float[] advantages;
          try (RolloutBatch batch = rollouts.read(allocator)) {
            assertThat(batch.rowCount()).isEqualTo(6);
            advantages = new float[batch.rowCount()];
            for (int row = 0; row < batch.rowCount(); row++) {
              completions.add(batch.completionTokens(row));
              logprobs.add(batch.behaviorLogprobs(row));
              advantages[row] = row % 2 == 0 ? 1f : -1f;
            }
          }
          reports.add(learner.step(rollouts, advantages));
        }
      }
      assertThat(learner.optimizerStep()).isEqualTo(2);
    }
    return new Outcome(completions, logprobs, reports);
  }

  @Test
  void inProcessAndRayActorsTrainIdentically() {
    Outcome local;
    try (Placement placement = new LocalPlacement(Backends.discover(), Algorithms.discover())) {
      assertThat(placement.describe()).isEqualTo("in-process");
      local = twoSteps(placement);
    }
    Outcome ray;
    try (Placement placement = RayPlacement.start(null)) {
      assertThat(placement.describe()).isEqualTo("Ray LOCAL mode");
      ray = twoSteps(placement);
    }
    assertThat(ray.completions()).hasSize(12);
    for (int i = 0; i < 12; i++) {
      assertThat(ray.completions().get(i)).as("row %d", i).isEqualTo(local.completions().get(i));
      assertThat(ray.logprobs().get(i)).as("row %d", i).isEqualTo(local.logprobs().get(i));
    }
    for (int step = 0; step < 2; step++) {
      assertThat(ray.reports().get(step).diagnostics()).isEqualTo(local.reports().get(step).diagnostics());
      assertThat(ray.reports().get(step).last().loss()).isEqualTo(local.reports().get(step).last().loss());
      assertThat(ray.reports().get(step).last().gradNorm()).isEqualTo(local.reports().get(step).last().gradNorm());
      assertThat(ray.reports().get(step).last().loss()).isFinite();
    }
  }
}
