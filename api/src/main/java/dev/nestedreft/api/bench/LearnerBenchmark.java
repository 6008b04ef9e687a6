package dev.nestedreft.api.bench;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Learner throughput and the cost of off-policy corrections, side by side in one process: the same batch, one
 * learner, every correction timed in interleaved rounds after a warm-up. A step is what a training step does:
 * target log-probs (a forward pass), the correction's weights in Java, and one update (forward and backward over
 * micro-batches, clipping, AdamW).
 */
public final class LearnerBenchmark {
  /**
   * One correction's figures (medians over rounds).
   *
   * @param stepSpread the step time of every round, in ms
   * @param rooflineFraction the machine's least time for the step ({@link Roofline#learnerStepFloorSeconds}) over
   *     the median step, or NaN without machine limits
   */
  public record Row(String correction, double stepMs, Spread stepSpread, double targetMs, double correctionMs,
      double updateMs, double learnerTokensPerSecond, double overheadVsNone, double rooflineFraction) {}

  private LearnerBenchmark() {}

  /**
   * @param weights the initial weights, which the benchmark closes as soon as the learner holds its own copy (a
   *     learner keeps its weights in its own memory; the caller's copy would add one more to the step's peak)
   * @param limits measures the machine's limits for the roofline fractions (or gives null for none); called after
   *     the learner is closed, so that its memory and the measurement's do not add up
   */
  public static ImmutableList<Row> run(Backends backends, Algorithms algorithms, ModelSpec spec, WeightSet weights,
      int sequences, int promptLength, int completionLength, List<String> corrections, int rounds,
      LearnerConfig config, BackendOptions options, Supplier<MachineLimits> limits, Consumer<String> progress) {
    SplittableRandom random = new SplittableRandom(7);
    List<TrainSequence> batch = new ArrayList<>();
    for (int i = 0; i < sequences; i++) {
      int[] prompt = random.ints(promptLength, 0, spec.vocabSize()).toArray();
      int[] completion = random.ints(completionLength, 0, spec.vocabSize()).toArray();
      batch.add(new TrainSequence(prompt, completion));
    }
    float[] advantages = new float[sequences];
    for (int i = 0; i < sequences; i++) {
      advantages[i] = (float) random.nextGaussian();
    }
    PolicyGradientStep.Settings settings = new PolicyGradientStep.Settings(1.0, LossAggregation.SEQ_MEAN_TOKEN_MEAN,
        completionLength, 0, KlEstimator.K3, 0, 1);
    LearnerConfig learnerConfig = config.withLearningRate(0).withReferenceWeights(settings.klCoefficient() > 0);
    List<OffPolicyCorrection> list = corrections.stream().map(algorithms::correction).toList();
    List<List<PolicyGradientStep.Report>> reports = new ArrayList<>();
    list.forEach(c -> reports.add(new ArrayList<>()));
    LearnerBackend opened;
    try (weights) { // freed as soon as the learner holds its copy, and on failure
      opened = backends.openLearner("tf", spec, weights, learnerConfig, options);
    }
    try (LearnerBackend learner = opened) {
      // Behavior log-probs a little off the target's, as a nested behavior's are.
      List<float[]> behavior = new ArrayList<>();
      for (float[] row : learner.completionLogprobs(batch, 1.0)) {
        float[] b = row.clone();
        for (int t = 0; t < b.length; t++) {
          b[t] = (float) Math.min(0, b[t] + 0.1 * random.nextGaussian());
        }
        behavior.add(b);
      }
      for (int round = -1; round < rounds; round++) { // round -1 is the warm-up
        for (int c = 0; c < list.size(); c++) {
          PolicyGradientStep.Report report = PolicyGradientStep.run(learner, batch, behavior, advantages,
              list.get(c), settings);
          if (round >= 0) {
            reports.get(c).add(report);
          }
        }
        progress.accept(round < 0 ? "warm-up done" : "round " + (round + 1) + "/" + rounds);
      }
    }
    long tokens = batch.stream().mapToLong(TrainSequence::length).sum();
    MachineLimits machine = limits.get();
    double floorMs = machine == null ? Double.NaN : 1e3 * new Roofline(spec, machine)
        .learnerStepFloorSeconds(sequences, promptLength + completionLength, config.microBatchSequences());
    double noneMs = Double.NaN;
    List<Spread> steps = new ArrayList<>();
    for (int c = 0; c < list.size(); c++) {
      Spread step = Spread.of(reports.get(c).stream().mapToDouble(x -> (x.targetNanos() + x.correctionNanos()
          + x.updateNanos()) / 1e6).toArray());
      steps.add(step);
      if (corrections.get(c).equals("none")) {
        noneMs = step.median();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < list.size(); c++) {
      List<PolicyGradientStep.Report> r = reports.get(c);
      double target = median(r.stream().mapToDouble(x -> x.targetNanos() / 1e6).toArray());
      double correction = median(r.stream().mapToDouble(x -> x.correctionNanos() / 1e6).toArray());
      double update = median(r.stream().mapToDouble(x -> x.updateNanos() / 1e6).toArray());
      Spread step = steps.get(c);
      rows.add(new Row(corrections.get(c), step.median(), step, target, correction, update,
          tokens / (update / 1e3), step.median() / noneMs - 1, floorMs / step.median()));
    }
    return ImmutableList.copyOf(rows);
  }

  private static double median(double[] values) {
    return Spread.of(values).median();
  }
}
