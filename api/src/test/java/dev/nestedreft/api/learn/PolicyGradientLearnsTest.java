package dev.nestedreft.api.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole loop learns: ONNX Runtime samples, a reward scores, GRPO advantages and a correction weight the
 * tokens, the TensorFlow learner updates, and the new weights go back to the rollout engine. With a reward that
 * the untrained model earns half the time (the share of completion tokens in the lower half of the vocabulary),
 * the mean reward must rise well above its start within a few steps, on-policy and from nested behaviors. A sign
 * error, advantages attached to the wrong rows, or weights that never reach the engine all leave it flat.
 */
@Tag("native")
@Tag("slow")
class PolicyGradientLearnsTest {
  private static final Backends BACKENDS = Backends.discover();
  private static final Algorithms ALGORITHMS = Algorithms.discover();
  private static final int STEPS = 20;

  @ParameterizedTest(name = "{0}, skipping {1} of 4 layers")
  @CsvSource({"none, 0", "seq-tis:c=2, 1", "tis:c=2, 1", "is, 1"})
  void theMeanRewardRises(String correctionSpec, int skipped) {
    ModelSpec spec = ModelPresets.get("micro");
    int half = spec.vocabSize() / 2;
    String[] parts = correctionSpec.split(":", 2);
    OffPolicyCorrection correction = ALGORITHMS.correction(parts[0],
        Params.parse("correction '" + parts[0] + "'", parts.length > 1 ? parts[1] : ""));
    AdvantageEstimator grpo = ALGORITHMS.advantage("grpo", Params.none("advantage 'grpo'"));
    PolicyGradientStep.Settings settings = new PolicyGradientStep.Settings(1.0, LossAggregation.SEQ_MEAN_TOKEN_MEAN,
        0, 0.0, KlEstimator.K3, 0.0, 1);
    LayerPlan plan = skipped == 0 ? spec.fullPlan() : LayerPlan.skipping(spec.numHiddenLayers(), 2);
    List<Prompt> prompts = List.of(new Prompt(1, new int[] {5, 9, 2}), new Prompt(2, new int[] {7, 1, 30}),
        new Prompt(3, new int[] {3}), new Prompt(4, new int[] {12, 40, 41, 6}));
    List<Double> means = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        WeightSet init = WeightInitializer.initialize(spec, 3, allocator, true);
        RolloutBackend engine = BACKENDS.openRollout("onnx", spec, allocator, BackendOptions.DEFAULT);
        LearnerBackend learner = BACKENDS.openLearner("tf", spec, init,
            LearnerConfig.DEFAULT.withLearningRate(1e-2), BackendOptions.DEFAULT)) {
      for (int step = 0; step < STEPS; step++) {
        try (WeightSet current = learner.exportWeights(allocator)) {
          engine.load(current, plan, step);
        }
        try (RolloutBatch batch = engine.generate(prompts, 8, SamplingParams.sample(6, 100 + step))) {
          long[] groups = new long[batch.rowCount()];
          double[] rewards = new double[batch.rowCount()];
          double sum = 0;
          for (int row = 0; row < batch.rowCount(); row++) {
            groups[row] = batch.promptId(row);
            int[] tokens = batch.completionTokens(row);
            long low = Arrays.stream(tokens).filter(t -> t < half).count();
            rewards[row] = tokens.length == 0 ? 0 : (double) low / tokens.length;
            sum += rewards[row];
          }
          means.add(sum / rewards.length);
          PolicyGradientStep.run(learner, batch, grpo.advantages(groups, rewards), correction, settings);
        }
      }
    }
    double first = means.get(0);
    double last = (means.get(STEPS - 1) + means.get(STEPS - 2)) / 2;
    assertThat(first).as("the untrained model earns about half").isBetween(0.3, 0.7);
    assertThat(last).as("mean reward per step: %s", means).isGreaterThan(first + 0.2);
  }
}
