package dev.nestedreft.tck.learner;

import static dev.nestedreft.tck.support.TrainInputs.batch;
import static dev.nestedreft.tck.support.TrainInputs.sequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerBackendProvider;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.LrSchedule;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.reference.ReferenceForwardBackend;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import dev.nestedreft.tck.support.TrainInputs;
import dev.nestedreft.tck.support.WeightChecks;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link LearnerBackend}, created through its {@link LearnerBackendProvider}: what the
 * policy-gradient step, checkpoints and resumption rely on.
 *
 * <ul>
 *   <li>Log-probs are the full model's at the given temperature: the plain-Java {@link ReferenceForwardBackend}'s
 *       within {@value #TOLERANCE}, on both test shapes; the reference log-probs are the initial weights'.
 *   <li>The loss is {@link TrainBatch}'s objective, {@code Σ α_t (−c_t log π(y_t) + β_KL KL_t − β_H H_t)}, with k1,
 *       k2 and k3 computed from the batch's reference log-probs and the entropy from the reference's logits; the
 *       gradient matches central finite differences of that loss; it is flat in {@link
 *       LearnerBackend#parameterNames()} order; computing it changes nothing; micro-batches give the same gradient.
 *   <li>Updates lower the loss of the batch they train on, report the learning rate of the schedule and the
 *       optimiser step, and leave the reference alone; a non-finite loss skips the update.
 *   <li>Exported weights load back exactly (bit for bit, in another learner too); optimiser state round-trips so
 *       that the next update is the same; what the caller is given is the caller's to close (each test closes its
 *       allocator, so a leak fails it).
 * </ul>
 *
 * <p>Extend it with the provider under test; tag the subclass {@code native} (and {@code slow}: it trains) when it
 * loads a native library:
 *
 * <pre>
 * &#64;Tag("native")
 * class MyLearnerTest extends LearnerBackendContract {
 *   protected LearnerBackendProvider provider() { return new MyLearnerProvider(); }
 * }
 * </pre>
 */
public abstract class LearnerBackendContract extends ArrowLeakCheck {
  /** The largest absolute difference from the reference's log-probs that the contract accepts. */
  public static final double TOLERANCE = 1e-4;

  /** The provider under test. */
  protected abstract LearnerBackendProvider provider();

  /** The options every learner is created with: the defaults. */
  protected BackendOptions options() {
    return BackendOptions.DEFAULT;
  }

  /** The model presets the log-probs are compared on: {@code micro} and {@code micro-qwen2}, the two shapes. */
  protected List<String> presets() {
    return List.of("micro", "micro-qwen2");
  }

  /** The preset of the training checks (gradients, updates, state): the first of {@link #presets()}. */
  protected ModelSpec spec() {
    return ModelPresets.get(presets().get(0));
  }

  private LearnerBackend create(WeightSet weights, LearnerConfig config) {
    return provider().create(spec(), weights, config, options());
  }

  /**
   * On every preset: the learner names itself after its provider and trains tensors of the model, which it exports
   * with their shapes; its log-probs of five random sequences at temperatures 1 and 0.8 are the reference's; before
   * any update, its reference log-probs are its current ones.
   */
  @Test
  void logprobsAreTheFullModelsAtTheTemperature() {
    LearnerBackendProvider provider = provider();
    assertThat(provider.name()).isNotBlank();
    assertThat(provider.isAvailable()).as("provider '%s' is available", provider.name()).isTrue();
    for (String preset : presets()) {
      ModelSpec spec = ModelPresets.get(preset);
      List<TrainSequence> seqs = sequences(spec, 5, 2);
      try (WeightSet weights = WeightInitializer.initialize(spec, 7, allocator, true);
          LearnerBackend learner = provider.create(spec, weights, LearnerConfig.DEFAULT, options())) {
        assertThat(learner.name()).isEqualTo(provider.name());
        assertThat(learner.spec()).isEqualTo(spec);
        assertThat(learner.optimizerStep()).isZero();
        List<String> names = learner.parameterNames();
        assertThat(names).as("%s: parameter names", preset).isNotEmpty().doesNotHaveDuplicates();
        assertThat(WeightNames.expected(spec).keySet()).as("%s: the model's tensors", preset).containsAll(names);
        try (WeightSet exported = learner.exportWeights(allocator)) {
          assertThat(exported.validateAgainst(spec, "exported weights")).as("%s: tensors beyond the model's", preset)
              .isEmpty();
          assertThat(exported.names()).containsAll(names);
        }
        ReferenceForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
        for (double temperature : new double[] {1.0, 0.8}) {
          List<float[]> current = learner.completionLogprobs(seqs, temperature);
          List<float[]> frozen = learner.referenceLogprobs(seqs, temperature);
          assertThat(current).hasSameSizeAs(seqs);
          assertThat(frozen).hasSameSizeAs(seqs);
          for (int i = 0; i < seqs.size(); i++) {
            TrainSequence s = seqs.get(i);
            double[] expected = reference.completionLogprobs(s.prompt(), s.completion(), spec.fullPlan(),
                temperature);
            assertThat(current.get(i)).as("%s sequence %d", preset, i).hasSize(expected.length);
            assertThat(frozen.get(i)).as("%s sequence %d, reference", preset, i).hasSize(expected.length);
            for (int t = 0; t < expected.length; t++) {
              assertThat((double) current.get(i)[t]).as("%s, T = %s, sequence %d, token %d", preset, temperature, i,
                  t).isCloseTo(expected[t], within(TOLERANCE));
              assertThat(frozen.get(i)[t]).as("%s, T = %s, sequence %d, token %d: reference log-prob", preset,
                  temperature, i, t).isCloseTo(current.get(i)[t], within(1e-6f));
            }
          }
        }
      }
    }
  }

  /**
   * The loss of plain, entropy-bonus and KL batches (each of k1, k2, k3, against reference log-probs that differ
   * from the model's by up to ±0.5, and against the model's own, where every estimator is 0) is the objective of
   * {@link TrainBatch} computed from the reference backend's logits; an update reports that loss and the batch's
   * mean entropy and KL over completion tokens.
   */
  @Test
  void theLossIsTheDocumentedObjective() {
    ModelSpec spec = spec();
    double temperature = 0.9;
    List<TrainSequence> seqs = sequences(spec, 5, 3);
    TrainBatch plain = batch(seqs, 4, temperature);
    try (WeightSet weights = WeightInitializer.initialize(spec, 8, allocator, true);
        LearnerBackend learner = create(weights, LearnerConfig.DEFAULT)) {
      Objective objective = new Objective(ReferenceForwardBackend.create(spec, weights), plain);
      assertThat(learner.gradient(plain).loss()).as("policy-gradient loss")
          .isCloseTo(objective.loss(plain), within(lossTolerance(objective.loss(plain))));
      TrainBatch entropy = plain.withEntropy(0.05);
      assertThat(learner.gradient(entropy).loss()).as("with an entropy bonus")
          .isCloseTo(objective.loss(entropy), within(lossTolerance(objective.loss(entropy))));
      List<float[]> own = learner.completionLogprobs(seqs, temperature);
      List<float[]> shifted = shifted(own, 0.5, 5);
      for (KlEstimator estimator : KlEstimator.values()) {
        TrainBatch kl = plain.withKl(shifted, 0.3, estimator);
        assertThat(learner.gradient(kl).loss()).as("with KL %s", estimator)
            .isCloseTo(objective.loss(kl), within(lossTolerance(objective.loss(kl))));
        TrainBatch klOnly = zeroCoefficients(seqs, temperature).withKl(own, 1.0, estimator);
        assertThat(learner.gradient(klOnly).loss()).as("KL %s at the reference", estimator)
            .isCloseTo(0, within(1e-6));
      }
      TrainBatch both = entropy.withKl(shifted, 0.1, KlEstimator.K3);
      UpdateResult r = learner.update(both);
      assertThat(r.loss()).as("the update's loss").isCloseTo(objective.loss(both), within(lossTolerance(r.loss())));
      assertThat(r.entropy()).as("the update's mean entropy").isCloseTo(objective.meanEntropy(), within(TOLERANCE));
      assertThat(r.kl()).as("the update's mean k3").isCloseTo(objective.meanKl(both), within(TOLERANCE));
    }
  }

  /**
   * 24 random parameter entries, each perturbed by ±0.01 and reloaded: the analytic derivative of the loss (with
   * an entropy bonus and a k3 KL term) is the central difference within {@code 2e-3 + 2%}; at least 10 entries are
   * informative (not both below 1e-4).
   */
  @Test
  void theGradientMatchesCentralFiniteDifferences() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 4, 2);
    try (WeightSet weights = WeightInitializer.initialize(spec, 6, allocator, true);
        LearnerBackend learner = create(weights, LearnerConfig.DEFAULT)) {
      TrainBatch batch = batch(seqs, 3, 1.0).withEntropy(0.05)
          .withKl(shifted(learner.completionLogprobs(seqs, 1.0), 0.3, 6), 0.2, KlEstimator.K3);
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
      assertThat(checked).as("informative entries").isGreaterThanOrEqualTo(10);
    }
  }

  /**
   * The gradient has one entry per element of the parameters, in {@link LearnerBackend#parameterNames()} order;
   * computing it updates nothing and gives the same result twice; zero coefficients give a zero loss and gradient;
   * micro-batches of 2 sequences give the gradient of the whole batch of 7.
   */
  @Test
  void theGradientIsFlatChangesNothingAndAccumulatesOverMicroBatches() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 7, 4);
    TrainBatch batch = batch(seqs, 5, 0.9);
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator, true);
        LearnerBackend learner = create(weights, LearnerConfig.DEFAULT.withMicroBatch(64));
        LearnerBackend split = create(weights, LearnerConfig.DEFAULT.withMicroBatch(2))) {
      long elements = 0;
      for (String name : learner.parameterNames()) {
        elements += WeightSet.elementCount(weights.shape(name));
      }
      List<float[]> before = learner.completionLogprobs(seqs, 1.0);
      LearnerBackend.Gradient first = learner.gradient(batch);
      LearnerBackend.Gradient second = learner.gradient(batch);
      assertThat((long) first.values().length).as("gradient entries").isEqualTo(elements);
      assertThat(second.loss()).isCloseTo(first.loss(), within(1e-6));
      assertThat(maxAbsDiff(second.values(), first.values())).as("max |second - first gradient|")
          .isLessThanOrEqualTo(1e-6 + 1e-5 * maxAbs(first.values()));
      assertThat(maxAbs(first.values())).as("largest gradient entry").isGreaterThan(1e-3);
      assertThat(learner.optimizerStep()).isZero();
      LearnerBackend.Gradient micro = split.gradient(batch);
      assertThat(micro.loss()).as("loss over micro-batches of 2").isCloseTo(first.loss(), within(1e-5));
      assertThat(maxAbsDiff(micro.values(), first.values())).as("max |micro-batched - whole gradient|")
          .isLessThan(1e-5 + 1e-4 * maxAbs(first.values()));
      List<float[]> after = learner.completionLogprobs(seqs, 1.0);
      for (int i = 0; i < seqs.size(); i++) {
        assertThat(after.get(i)).as("log-probs of sequence %d after two gradients", i).isEqualTo(before.get(i));
      }
      LearnerBackend.Gradient zero = learner.gradient(zeroCoefficients(seqs, 1.0));
      assertThat(zero.loss()).isZero();
      assertThat(maxAbs(zero.values())).as("gradient of zero coefficients").isZero();
    }
  }

  /**
   * Eight updates at a peak learning rate of 3e-3 (one warm-up step, then cosine over 16): each reports the loss
   * before it, the schedule's learning rate and the step count; the loss of the batch falls by more than 0.05; the
   * weights move; the reference log-probs stay those of the initial weights. The report's entropy and KL are the
   * batch's token means.
   */
  @Test
  void updatesLowerTheLossOfTheirBatchAndLeaveTheReferenceAlone() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 6, 7);
    TrainBatch batch = batch(seqs, 8, 1.0);
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(3e-3).withSchedule(LrSchedule.WARMUP_COSINE, 1, 16);
    try (WeightSet weights = WeightInitializer.initialize(spec, 2, allocator);
        LearnerBackend learner = create(weights, config)) {
      List<float[]> initial = learner.completionLogprobs(seqs, 1.0);
      double first = learner.gradient(batch).loss();
      long tokens = seqs.stream().mapToLong(TrainSequence::length).sum();
      List<Double> losses = new ArrayList<>();
      double previous = first;
      for (int i = 0; i < 8; i++) {
        UpdateResult r = learner.update(batch);
        losses.add(r.loss());
        assertThat(r.skipped()).as("update %d skipped", i).isFalse();
        assertThat(r.loss()).as("update %d: the loss before it", i).isCloseTo(previous, within(1e-5));
        assertThat(r.gradNorm()).as("update %d: gradient norm", i).isPositive().isFinite();
        assertThat(r.learningRate()).as("update %d: learning rate", i)
            .isCloseTo(config.learningRateAt(i), within(1e-9 + 1e-6 * config.learningRateAt(i)));
        assertThat(r.optimizerStep()).as("update %d: step after it", i).isEqualTo(i + 1);
        assertThat(r.tokens()).as("update %d: tokens, prompts included", i).isEqualTo(tokens);
        assertThat(r.entropy()).as("update %d: mean entropy", i).isPositive().isFinite();
        assertThat(r.kl()).as("update %d: no reference, no KL", i).isZero();
        previous = learner.gradient(batch).loss();
      }
      assertThat(learner.optimizerStep()).isEqualTo(8);
      assertThat(previous).as("loss history %s", losses).isLessThan(first - 0.05);
      try (WeightSet now = learner.exportWeights(allocator)) {
        assertThat(now.toArray(WeightNames.FINAL_NORM)).isNotEqualTo(weights.toArray(WeightNames.FINAL_NORM));
      }
      List<float[]> frozen = learner.referenceLogprobs(seqs, 1.0);
      List<float[]> current = learner.completionLogprobs(seqs, 1.0);
      for (int i = 0; i < seqs.size(); i++) {
        assertThat(frozen.get(i)).as("reference log-probs of sequence %d", i).containsExactly(initial.get(i),
            within(1e-6f));
      }
      assertThat(current.get(0)).as("current log-probs after training").isNotEqualTo(initial.get(0));
    }
  }

  /**
   * Weights, moments and step exported after two updates, loaded into a second learner created from the initial
   * weights, come back bit for bit, give the same log-probs and the same third update, and leave the second
   * learner's reference at the weights it was created with; loading the initial weights back into the first
   * restores them exactly and leaves its reference as it was.
   */
  @Test
  void weightsAndOptimizerStateRoundTripExactly() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 4, 11);
    TrainBatch batch = batch(seqs, 12, 1.0);
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(1e-3);
    try (WeightSet weights = WeightInitializer.initialize(spec, 3, allocator, true);
        LearnerBackend a = create(weights, config);
        LearnerBackend b = create(weights, config)) {
      List<float[]> initial = a.completionLogprobs(seqs, 1.0);
      a.update(batch);
      a.update(batch);
      try (WeightSet state = a.exportOptimizerState(allocator);
          WeightSet trained = a.exportWeights(allocator)) {
        for (String name : a.parameterNames()) {
          assertThat(state.names()).contains("adam.m/" + name, "adam.v/" + name);
        }
        b.loadWeights(trained);
        b.restoreOptimizerState(state, a.optimizerStep());
        assertThat(b.optimizerStep()).isEqualTo(2);
        try (WeightSet fromB = b.exportWeights(allocator)) {
          WeightChecks.assertBitIdentical(fromB, trained);
        }
        List<float[]> la = a.completionLogprobs(seqs, 1.0);
        List<float[]> lb = b.completionLogprobs(seqs, 1.0);
        List<float[]> frozenB = b.referenceLogprobs(seqs, 1.0);
        for (int i = 0; i < seqs.size(); i++) {
          assertThat(lb.get(i)).as("sequence %d after loading the exported weights", i)
              .containsExactly(la.get(i), within(1e-6f));
          assertThat(frozenB.get(i)).as("reference of sequence %d after loading other weights", i)
              .containsExactly(initial.get(i), within(1e-6f));
        }
      }
      a.update(batch);
      b.update(batch);
      try (WeightSet wa = a.exportWeights(allocator); WeightSet wb = b.exportWeights(allocator)) {
        WeightChecks.assertBitIdentical(wb, wa);
      }
      a.loadWeights(weights);
      try (WeightSet restored = a.exportWeights(allocator)) {
        WeightChecks.assertBitIdentical(restored, weights);
      }
      List<float[]> back = a.completionLogprobs(seqs, 1.0);
      List<float[]> frozen = a.referenceLogprobs(seqs, 1.0);
      for (int i = 0; i < seqs.size(); i++) {
        assertThat(back.get(i)).as("sequence %d after loading the initial weights", i)
            .containsExactly(initial.get(i), within(1e-6f));
        assertThat(frozen.get(i)).as("reference of sequence %d", i).containsExactly(initial.get(i), within(1e-6f));
      }
    }
  }

  /**
   * Two updates with clipping and weight decay move every weight and moment as AdamW does, computed here in double
   * precision from the learner's own gradients: {@code g ← c·g} with {@code c = min(1, max_norm/‖g‖)},
   * {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²}, {@code θ ← θ − lr·(m̂/(√v̂ + ε) + λθ)} with the
   * decay on matrices only.
   */
  @Test
  void updatesAreAdamWWithClippingAndDecoupledWeightDecay() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 4, 31);
    TrainBatch batch = batch(seqs, 32, 1.0);
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(2e-3).withWeightDecay(0.1).withMaxGradNorm(0.05);
    try (WeightSet weights = WeightInitializer.initialize(spec, 8, allocator, true);
        LearnerBackend learner = create(weights, config)) {
      List<String> names = learner.parameterNames();
      float[] theta = flatten(weights, names);
      double[] m = new double[theta.length];
      double[] v = new double[theta.length];
      double[] expected = new double[theta.length];
      for (int i = 0; i < theta.length; i++) {
        expected[i] = theta[i];
      }
      boolean[] matrix = matrixMask(weights, names);
      for (int step = 1; step <= 2; step++) {
        float[] g = learner.gradient(batch).values();
        double norm = 0;
        for (float x : g) {
          norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        assertThat(norm).as("step %d: the gradient norm exceeds max_grad_norm, so clipping acts", step)
            .isGreaterThan(config.maxGradNorm());
        double clip = config.maxGradNorm() / (norm + 1e-6);
        double lr = config.learningRateAt(step - 1);
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double bc2 = 1 - Math.pow(config.beta2(), step);
        for (int i = 0; i < theta.length; i++) {
          double gi = clip * g[i];
          m[i] = config.beta1() * m[i] + (1 - config.beta1()) * gi;
          v[i] = config.beta2() * v[i] + (1 - config.beta2()) * gi * gi;
          double direction = m[i] / bc1 / (Math.sqrt(v[i] / bc2) + config.epsilon())
              + (matrix[i] ? config.weightDecay() * expected[i] : 0);
          expected[i] -= lr * direction;
        }
        UpdateResult r = learner.update(batch);
        assertThat(r.skipped()).as("update %d skipped", step).isFalse();
        assertThat(r.gradNorm()).as("update %d: the norm before clipping", step)
            .isCloseTo(norm, within(1e-4 * norm));
        try (WeightSet now = learner.exportWeights(allocator);
            WeightSet state = learner.exportOptimizerState(allocator)) {
          float[] actual = flatten(now, names);
          float[] firstMoment = flatten(state, names.stream().map(n -> "adam.m/" + n).toList());
          float[] secondMoment = flatten(state, names.stream().map(n -> "adam.v/" + n).toList());
          for (int i = 0; i < theta.length; i++) {
            assertThat((double) actual[i]).as("update %d, parameter %d", step, i)
                .isCloseTo(expected[i], within(2e-6 + 1e-5 * Math.abs(expected[i])));
            assertThat((double) firstMoment[i]).as("update %d, m of parameter %d", step, i)
                .isCloseTo(m[i], within(1e-9 + 1e-4 * Math.abs(m[i])));
            assertThat((double) secondMoment[i]).as("update %d, v of parameter %d", step, i)
                .isCloseTo(v[i], within(1e-12 + 1e-4 * Math.abs(v[i])));
          }
        }
      }
    }
  }

  /**
   * A learner created without reference weights (a run with no KL penalty) updates exactly as one with them, and
   * refuses {@code referenceLogprobs} with an {@link IllegalStateException} rather than answering wrongly.
   */
  @Test
  void aLearnerWithoutReferenceWeightsUpdatesTheSameAndRefusesReferenceLogprobs() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 3, 41);
    TrainBatch batch = batch(seqs, 42, 1.0);
    LearnerConfig config = LearnerConfig.DEFAULT.withLearningRate(1e-3);
    try (WeightSet weights = WeightInitializer.initialize(spec, 9, allocator, true);
        LearnerBackend with = create(weights, config);
        LearnerBackend without = create(weights, config.withReferenceWeights(false))) {
      with.update(batch);
      without.update(batch);
      try (WeightSet a = with.exportWeights(allocator); WeightSet b = without.exportWeights(allocator)) {
        WeightChecks.assertBitIdentical(b, a);
      }
      assertThatThrownBy(() -> without.referenceLogprobs(seqs, 1.0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("reference");
    }
  }

  private static float[] flatten(WeightSet set, List<String> names) {
    int total = 0;
    for (String n : names) {
      total += (int) WeightSet.elementCount(set.shape(n));
    }
    float[] out = new float[total];
    int offset = 0;
    for (String n : names) {
      float[] values = set.toArray(n);
      System.arraycopy(values, 0, out, offset, values.length);
      offset += values.length;
    }
    return out;
  }

  /** Per flattened parameter, whether it belongs to a matrix (weight decay applies). */
  private static boolean[] matrixMask(WeightSet set, List<String> names) {
    List<Boolean> mask = new ArrayList<>();
    for (String n : names) {
      boolean matrix = set.shape(n).length == 2;
      for (long i = 0; i < WeightSet.elementCount(set.shape(n)); i++) {
        mask.add(matrix);
      }
    }
    boolean[] out = new boolean[mask.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = mask.get(i);
    }
    return out;
  }

  /** A NaN coefficient: the update is reported skipped, nothing moves, and the next update runs normally. */
  @Test
  void aNonFiniteLossSkipsTheUpdate() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 3, 21);
    try (WeightSet weights = WeightInitializer.initialize(spec, 5, allocator);
        LearnerBackend learner = create(weights, LearnerConfig.DEFAULT)) {
      TrainBatch poisoned = batch(seqs, 3, 1.0);
      poisoned.coefficients().get(0)[0] = Float.NaN;
      UpdateResult r = learner.update(poisoned);
      assertThat(r.skipped()).isTrue();
      assertThat(learner.optimizerStep()).isZero();
      try (WeightSet after = learner.exportWeights(allocator)) {
        WeightChecks.assertBitIdentical(after, weights);
      }
      UpdateResult next = learner.update(batch(seqs, 3, 1.0));
      assertThat(next.skipped()).as("the update after a skipped one").isFalse();
      assertThat(next.loss()).isFinite();
      assertThat(learner.optimizerStep()).isEqualTo(1);
    }
  }

  /**
   * A learning rate of 1e308 (infinite in float) with a finite loss and gradient: the update would make every weight
   * non-finite, so it is skipped like a non-finite loss: reported skipped with its finite loss and gradient norm,
   * the weights, moments and step count as they were.
   */
  @Test
  void anUpdateThatWouldMakeWeightsNonFiniteIsSkipped() {
    ModelSpec spec = spec();
    List<TrainSequence> seqs = sequences(spec, 3, 23);
    try (WeightSet weights = WeightInitializer.initialize(spec, 6, allocator);
        LearnerBackend learner = create(weights, LearnerConfig.DEFAULT.withLearningRate(1e308));
        WeightSet momentsBefore = learner.exportOptimizerState(allocator)) {
      UpdateResult r = learner.update(batch(seqs, 3, 1.0));
      assertThat(r.loss()).as("the loss before the update").isFinite();
      assertThat(r.gradNorm()).as("the gradient norm").isFinite().isPositive();
      assertThat(r.skipped()).as("an update to non-finite weights is skipped").isTrue();
      assertThat(learner.optimizerStep()).isZero();
      try (WeightSet after = learner.exportWeights(allocator);
          WeightSet moments = learner.exportOptimizerState(allocator)) {
        WeightChecks.assertBitIdentical(after, weights);
        WeightChecks.assertBitIdentical(moments, momentsBefore);
      }
    }
  }

  /**
   * The objective of {@link TrainBatch} from the reference's double-precision logits (full plan): per token the
   * log-prob and the entropy of the next-token distribution at the batch's temperature.
   */
  private static final class Objective {
    private final List<double[]> logprobs = new ArrayList<>();
    private final List<double[]> entropies = new ArrayList<>();

    Objective(ReferenceForwardBackend reference, TrainBatch batch) {
      LayerPlan full = reference.spec().fullPlan();
      for (TrainSequence s : batch.sequences()) {
        double[][] logits = reference.rowLogits(TrainInputs.concat(s.prompt(), s.completion()), full);
        double[] lp = new double[s.completion().length];
        double[] h = new double[lp.length];
        for (int t = 0; t < lp.length; t++) {
          double[] logSoftmax = ReferenceForwardBackend.logSoftmax(logits[s.prompt().length + t - 1],
              batch.temperature());
          lp[t] = logSoftmax[s.completion()[t]];
          for (double l : logSoftmax) {
            h[t] -= Math.exp(l) * l;
          }
        }
        logprobs.add(lp);
        entropies.add(h);
      }
    }

    /** {@code Σ_i Σ_t α (−c log π + β_KL KL − β_H H)}. */
    double loss(TrainBatch batch) {
      double loss = 0;
      for (int i = 0; i < logprobs.size(); i++) {
        for (int t = 0; t < logprobs.get(i).length; t++) {
          double term = -batch.coefficients().get(i)[t] * logprobs.get(i)[t]
              - batch.entropyCoefficient() * entropies.get(i)[t];
          if (batch.klCoefficient() != 0) {
            term += batch.klCoefficient() * kl(batch.klEstimator(), batch.referenceLogprobs().get(i)[t]
                - logprobs.get(i)[t]);
          }
          loss += batch.aggregation().get(i)[t] * term;
        }
      }
      return loss;
    }

    double meanEntropy() {
      return entropies.stream().flatMapToDouble(Arrays::stream).average().orElse(0);
    }

    double meanKl(TrainBatch batch) {
      double sum = 0;
      long n = 0;
      for (int i = 0; i < logprobs.size(); i++) {
        for (int t = 0; t < logprobs.get(i).length; t++) {
          sum += kl(batch.klEstimator(), batch.referenceLogprobs().get(i)[t] - logprobs.get(i)[t]);
          n++;
        }
      }
      return n == 0 ? 0 : sum / n;
    }

    /** With {@code r = log π_ref − log π}: k1 = −r, k2 = r²/2, k3 = e^r − 1 − r. */
    static double kl(KlEstimator estimator, double r) {
      return switch (estimator) {
        case K1 -> -r;
        case K2 -> r * r / 2;
        case K3 -> Math.exp(r) - 1 - r;
      };
    }
  }

  private static double lossTolerance(double loss) {
    return 1e-5 + 1e-4 * Math.abs(loss);
  }

  /** {@code logprobs} each moved by a seeded uniform amount within ±{@code spread}, capped at 0. */
  private static List<float[]> shifted(List<float[]> logprobs, double spread, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<float[]> out = new ArrayList<>();
    for (float[] row : logprobs) {
      float[] moved = new float[row.length];
      for (int t = 0; t < row.length; t++) {
        moved[t] = (float) Math.min(0, row[t] + spread * (2 * random.nextDouble() - 1));
      }
      out.add(moved);
    }
    return out;
  }

  private static TrainBatch zeroCoefficients(List<TrainSequence> seqs, double temperature) {
    List<float[]> zeros = new ArrayList<>();
    int[] lengths = new int[seqs.size()];
    for (int i = 0; i < seqs.size(); i++) {
      zeros.add(new float[seqs.get(i).completion().length]);
      lengths[i] = seqs.get(i).completion().length;
    }
    return TrainBatch.of(seqs, zeros, List.of(LossAggregation.TOKEN_MEAN.coefficients(lengths, 0)), temperature);
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
  private static double lossWith(LearnerBackend learner, WeightSet weights, String name, int index, double delta,
      TrainBatch batch) {
    try (WeightSet perturbed = weights.copy("perturbed")) {
      FloatBuffer view = perturbed.allocate(name, perturbed.shape(name));
      float[] values = weights.toArray(name);
      values[index] += (float) delta;
      view.put(values);
      learner.loadWeights(perturbed);
      return learner.gradient(batch).loss();
    }
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
