package dev.nestedreft.tf;

import static dev.nestedreft.tck.support.TrainInputs.batch;
import static dev.nestedreft.tck.support.TrainInputs.sequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow learner on its own: gradients against finite differences, micro-batching, AdamW steps and their
 * state, the KL penalty and skipped non-finite steps. Its parity with the ONNX Runtime forward pass is
 * {@code LearnerParityTest} in the api.
 */
@Tag("native")
@Tag("slow")
class TfLearnerTest extends ArrowLeakCheck {
  private static final TfBackendProvider PROVIDER = new TfBackendProvider();
  private static final BackendOptions OPTIONS = BackendOptions.DEFAULT;

  @Test
  void gradientsAgreeWithCentralFiniteDifferences() {
    ModelSpec spec = ModelPresets.get("micro");
    List<TrainSequence> seqs = sequences(spec, 4, 2);
    TrainBatch batch = batch(seqs, 3, 1.0).withEntropy(0.05);
    try (WeightSet weights = WeightInitializer.initialize(spec, 6, allocator, true);
        LearnerBackend learner = PROVIDER.create(spec, weights, LearnerConfig.DEFAULT, OPTIONS)) {
      float[] gradient = learner.gradient(batch).values();
      List<String> names = learner.parameterNames();
      SplittableRandom random = new SplittableRandom(9);
      int checked = 0;
      for (int trial = 0; trial < 24; trial++) {
        String name = names.get(random.nextInt(names.size()));
        int index = random.nextInt((int) WeightSet.elementCount(weights.shape(name)));
        int flat = offset(weights, names, name) + index;
        double eps = 1e-2;
        double plus = lossWith(learner, weights, name, index, eps, batch);
        double minus = lossWith(learner, weights, name, index, -eps, batch);
        double numeric = (plus - minus) / (2 * eps);
        double analytic = gradient[flat];
        if (Math.abs(numeric) < 1e-4 && Math.abs(analytic) < 1e-4) {
          continue; // both essentially zero: no information at fp32 precision
        }
        checked++;
        assertThat(analytic).as("d loss / d %s[%d]", name, index)
            .isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
      }
      assertThat(checked).isGreaterThanOrEqualTo(10);
      learner.loadWeights(weights);
    }
  }

  private static int offset(WeightSet weights, List<String> names, String target) {
    int offset = 0;
    for (String n : names) {
      if (n.equals(target)) {
        return offset;
      }
      offset += (int) WeightSet.elementCount(weights.shape(n));
    }
    throw new IllegalArgumentException(target);
  }

  /** The loss with {@code weights[name][index] + delta} loaded into the learner. */
  private double lossWith(LearnerBackend learner, WeightSet weights, String name, int index, double delta,
      TrainBatch batch) {
    try (WeightSet perturbed = weights.copy("perturbed")) {
      FloatBuffer view = perturbed.allocate(name, perturbed.shape(name));
      float[] original = weights.toArray(name);
      original[index] += (float) delta;
      view.put(original);
      learner.loadWeights(perturbed);
      return learner.gradient(batch).loss();
    }
  }

  @Test
  void microBatchesGiveTheSameGradientAsOneBatch() {
    ModelSpec spec = ModelPresets.get("micro");
    TrainBatch batch = batch(sequences(spec, 7, 4), 5, 0.9);
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator, true);
        LearnerBackend whole = PROVIDER.create(spec, weights, LearnerConfig.DEFAULT.withMicroBatch(64),
            OPTIONS);
        LearnerBackend split = PROVIDER.create(spec, weights, LearnerConfig.DEFAULT.withMicroBatch(2),
            OPTIONS)) {
      LearnerBackend.Gradient a = whole.gradient(batch);
      LearnerBackend.Gradient b = split.gradient(batch);
      assertThat(b.loss()).isCloseTo(a.loss(), within(1e-5));
      double maxDiff = 0;
      double maxAbs = 0;
      for (int i = 0; i < a.values().length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a.values()[i] - b.values()[i]));
        maxAbs = Math.max(maxAbs, Math.abs(a.values()[i]));
      }
      assertThat(maxAbs).isGreaterThan(1e-3);
      assertThat(maxDiff).isLessThan(1e-5 + 1e-4 * maxAbs);
    }
  }

  @Test
  void repeatedUpdatesOnOneBatchLowerItsLoss() {
    ModelSpec spec = ModelPresets.get("micro");
    TrainBatch batch = batch(sequences(spec, 6, 7), 8, 1.0);
    try (WeightSet weights = WeightInitializer.initialize(spec, 2, allocator);
        LearnerBackend learner = PROVIDER.create(spec, weights,
            LearnerConfig.DEFAULT.withLearningRate(3e-3), OPTIONS)) {
      double first = learner.gradient(batch).loss();
      List<Double> losses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        UpdateResult r = learner.update(batch);
        losses.add(r.loss());
        assertThat(r.gradNorm()).isPositive();
        assertThat(r.optimizerStep()).isEqualTo(i + 1);
      }
      double last = learner.gradient(batch).loss();
      assertThat(losses.get(0)).isCloseTo(first, within(1e-6));
      assertThat(last).as("loss history %s", losses).isLessThan(first - 0.05);
      // The exported weights moved; the reference stayed at the initial weights.
      try (WeightSet now = learner.exportWeights(allocator)) {
        assertThat(now.toArray("model.norm.weight")).isNotEqualTo(weights.toArray("model.norm.weight"));
      }
      List<float[]> ref = learner.referenceLogprobs(batch.sequences(), 1.0);
      List<float[]> cur = learner.completionLogprobs(batch.sequences(), 1.0);
      assertThat(ref.get(0)).isNotEqualTo(cur.get(0));
    }
  }

  @Test
  void optimizerStateRoundTripsExactly() {
    ModelSpec spec = ModelPresets.get("micro");
    TrainBatch batch = batch(sequences(spec, 4, 11), 12, 1.0);
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(1e-3);
    try (WeightSet weights = WeightInitializer.initialize(spec, 3, allocator);
        LearnerBackend a = PROVIDER.create(spec, weights, config, OPTIONS)) {
      a.update(batch);
      a.update(batch);
      try (WeightSet state = a.exportOptimizerState(allocator);
          WeightSet midWeights = a.exportWeights(allocator);
          LearnerBackend b = PROVIDER.create(spec, weights, config, OPTIONS)) {
        assertThat(state.names()).contains("adam.m/model.norm.weight", "adam.v/model.embed_tokens.weight");
        b.loadWeights(midWeights);
        b.restoreOptimizerState(state, a.optimizerStep()); // the api's OptimizerStateFileTest goes through a file
        assertThat(b.optimizerStep()).isEqualTo(2);
        a.update(batch);
        b.update(batch);
        try (WeightSet wa = a.exportWeights(allocator); WeightSet wb = b.exportWeights(allocator)) {
          for (String name : wa.names()) {
            assertThat(wb.toArray(name)).as(name).isEqualTo(wa.toArray(name));
          }
        }
      }
    }
  }

  @Test
  void klPenaltyIsZeroAtTheReferenceAndGrowsAway() {
    ModelSpec spec = ModelPresets.get("micro");
    List<TrainSequence> seqs = sequences(spec, 4, 13);
    try (WeightSet weights = WeightInitializer.initialize(spec, 5, allocator);
        LearnerBackend learner = PROVIDER.create(spec, weights,
            LearnerConfig.DEFAULT.withLearningRate(5e-3), OPTIONS)) {
      for (KlEstimator estimator : KlEstimator.values()) {
        List<float[]> ref = learner.referenceLogprobs(seqs, 1.0);
        TrainBatch klOnly = zeroCoefficients(seqs).withKl(ref, 1.0, estimator);
        assertThat(learner.gradient(klOnly).loss()).as("%s at the reference", estimator)
            .isCloseTo(estimator == KlEstimator.K1 ? 0 : 0, within(1e-6));
      }
      List<float[]> ref = learner.referenceLogprobs(seqs, 1.0);
      UpdateResult noReference = learner.update(batch(seqs, 14, 1.0)); // move away from the reference
      assertThat(noReference.kl()).as("no reference, no KL").isZero();
      learner.update(batch(seqs, 14, 1.0));
      UpdateResult r = learner.update(zeroCoefficients(seqs).withKl(ref, 1.0, KlEstimator.K3));
      assertThat(r.kl()).isGreaterThan(1e-6);
      assertThat(r.loss()).isGreaterThan(1e-6);
    }
  }

  @Test
  void aNonFiniteLossSkipsTheUpdate() {
    ModelSpec spec = ModelPresets.get("micro");
    List<TrainSequence> seqs = sequences(spec, 3, 21);
    try (WeightSet weights = WeightInitializer.initialize(spec, 5, allocator);
        LearnerBackend learner = PROVIDER.create(spec, weights, LearnerConfig.DEFAULT, OPTIONS)) {
      TrainBatch poisoned = batch(seqs, 3, 1.0);
      poisoned.coefficients().get(0)[0] = Float.NaN;
      UpdateResult r = learner.update(poisoned);
      assertThat(r.skipped()).isTrue();
      assertThat(learner.optimizerStep()).isZero();
      try (WeightSet after = learner.exportWeights(allocator)) {
        for (String name : after.names()) {
          assertThat(after.toArray(name)).as(name).isEqualTo(weights.toArray(name));
        }
      }
      assertThat(learner.update(batch(seqs, 3, 1.0)).skipped()).isFalse(); // the accumulators were cleared
    }
  }

  private static TrainBatch zeroCoefficients(List<TrainSequence> seqs) {
    List<float[]> zeros = new ArrayList<>();
    int[] lengths = new int[seqs.size()];
    for (int i = 0; i < seqs.size(); i++) {
      zeros.add(new float[seqs.get(i).completion().length]);
      lengths[i] = seqs.get(i).completion().length;
    }
    return TrainBatch.of(seqs, zeros, List.of(LossAggregation.TOKEN_MEAN.coefficients(lengths, 0)), 1.0);
  }
}
