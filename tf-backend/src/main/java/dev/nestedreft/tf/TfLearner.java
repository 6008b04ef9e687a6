package dev.nestedreft.tf;

import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainBatch;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.learner.UpdateResult;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Unique;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The learner on TensorFlow Java. One graph holds the trainable weights, a frozen reference copy (only when
 * {@link LearnerConfig#referenceWeights()}), the AdamW moments and gradient accumulators (all variables named after
 * the HF tensors), the policy-gradient loss ({@link TfLossGraph}) and its symbolic gradients. An update
 * accumulates gradients over micro-batches, clips the global norm, and applies AdamW with decoupled weight decay on
 * matrices, every op in place (TensorFlow's fused {@code ApplyAdam}), so an update allocates nothing the size of
 * the parameters. An update whose loss or gradient is not finite, or that {@link AdamBound} cannot prove leaves
 * every weight and moment finite, is skipped: nothing is applied.
 *
 * <p>Owns its graph and session until {@link #close()}. Not thread-safe.
 */
public final class TfLearner extends TfGraphOwner implements LearnerBackend {
  private final LearnerConfig config;
  private final TfVariables params;
  private final TfVariables reference;
  private final TfVariables firstMoments;
  private final TfVariables secondMoments;
  private final TfVariables accumulators;
  private final TfLossGraph loss;
  private final TfLossGraph referenceLoss;
  /** Adds a micro-batch's gradient into the accumulators; {@link #assignFirst} starts them with the first one. */
  private final List<Op> accumulate = new ArrayList<>();
  /**
   * Sets the accumulators to the first micro-batch's gradient. TensorFlow hands the gradient's buffer to the
   * variable without a copy, and nothing ever needs to zero the accumulators (a zeroing allocates a copy of them).
   */
  private final List<Op> assignFirst = new ArrayList<>();
  private final Operand<TFloat32> accumulatedNormSquared;
  private final Operand<TFloat32> maxAbsWeight;
  private final Operand<TFloat32> maxAbsFirstMoment;
  private final Operand<TFloat32> maxSecondMoment;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> clipComplement;
  private final Placeholder<TFloat32> decay;
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final Placeholder<TFloat32> epsilonHat;
  private final List<Op> apply = new ArrayList<>();
  private long step;

  TfLearner(ModelSpec spec, WeightSet weights, LearnerConfig config, BackendOptions options) {
    super(spec, options);
    this.config = config;
    try {
      weights.validateAgainst(spec, "initial weights");
      Map<String, long[]> shapes = WeightNames.expected(spec);
      params = new TfVariables(tf, "weights", shapes);
      reference = config.referenceWeights() ? new TfVariables(tf, "reference", shapes) : null;
      firstMoments = new TfVariables(tf, "adam_m", shapes);
      secondMoments = new TfVariables(tf, "adam_v", shapes);
      accumulators = new TfVariables(tf, "grad_acc", shapes);
      // A tied embedding gets its gradient from the head as a dense matrix, and from the lookup row by row.
      boolean rowGradients = spec.tieWordEmbeddings();
      loss = new TfLossGraph(tf.withSubScope("loss"), spec, new TfDecoderGraph(tf.withSubScope("model"), spec,
          params, rowGradients));
      referenceLoss = reference == null ? null : new TfLossGraph(tf.withSubScope("reference_loss"), spec,
          new TfDecoderGraph(tf.withSubScope("reference_model"), spec, reference));

      List<String> names = params.names();
      List<Operand<?>> vars = new ArrayList<>();
      names.forEach(n -> vars.add(params.get(n)));
      if (rowGradients) {
        vars.add(loss.embedded.rows());
      }
      Gradients gradients = tf.gradients(loss.loss, vars);
      Ops acc = tf.withSubScope("accumulate");
      List<Operand<TFloat32>> accumulated = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        Variable<TFloat32> a = accumulators.get(names.get(i));
        Operand<TFloat32> g = gradients.dy(i);
        if (g == null) {
          throw new IllegalStateException("no gradient reaches " + names.get(i));
        }
        Op added = acc.assignAdd(a, g);
        Op first = acc.assign(a, g);
        if (rowGradients && names.get(i).equals(WeightNames.EMBED)) {
          // Then the lookup's rows, added in place into the rows they came from (after the head's part). The rows
          // of one token are summed first: ScatterAdd runs in parallel, and with a token repeated its additions
          // would race and make training depend on thread timing; with each row once, it is deterministic.
          Unique<TInt32, TInt32> tokens = acc.unique(loss.embedded.ids(), acc.constant(new int[] {0}), TInt32.class);
          Operand<TFloat32> rows = acc.math.unsortedSegmentSum(gradients.dy(names.size()), tokens.idx(),
              acc.size(tokens.y(), TInt32.class));
          added = acc.withControlDependencies(List.of(added)).scatterAdd(a, tokens.y(), rows);
          first = acc.withControlDependencies(List.of(first)).scatterAdd(a, tokens.y(), rows);
        }
        accumulate.add(added);
        assignFirst.add(first);
        accumulated.add(a);
      }
      Ops stats = tf.withSubScope("update_bounds");
      accumulatedNormSquared = TfLossGraph.sumOfSquares(stats, accumulated);
      maxAbsWeight = maxAbs(stats, names.stream().map(params::get).toList());
      maxAbsFirstMoment = maxAbs(stats, names.stream().map(firstMoments::get).toList());
      maxSecondMoment = maxAbs(stats, names.stream().map(secondMoments::get).toList());

      Ops adam = tf.withSubScope("adamw");
      learningRate = adam.withName("lr").placeholder(TFloat32.class);
      clipComplement = adam.withName("one_minus_clip").placeholder(TFloat32.class);
      decay = adam.withName("lr_times_wd").placeholder(TFloat32.class);
      beta1Power = adam.withName("beta1_power").placeholder(TFloat32.class);
      beta2Power = adam.withName("beta2_power").placeholder(TFloat32.class);
      epsilonHat = adam.withName("epsilon_hat").placeholder(TFloat32.class);
      Operand<TFloat32> b1 = adam.constant((float) config.beta1());
      Operand<TFloat32> b2 = adam.constant((float) config.beta2());
      for (String name : names) {
        Variable<TFloat32> theta = params.get(name);
        Variable<TFloat32> g = accumulators.get(name);
        // Every op below updates its variable in place, so an update needs no memory beyond the variables.
        // g ← g − (1 − c)·g = c·g, the clipped gradient.
        Op clipped = adam.train.applyGradientDescent(g, clipComplement, g);
        List<Op> before = new ArrayList<>(List.of(clipped));
        if (shapes.get(name).length == 2) { // decoupled weight decay on matrices, not on norms and biases
          before.add(adam.train.applyGradientDescent(theta, decay, theta)); // θ ← θ − lr·λ·θ
        }
        apply.add(adam.withControlDependencies(before).train.applyAdam(theta, firstMoments.get(name),
            secondMoments.get(name), beta1Power, beta2Power, learningRate, b1, b2, epsilonHat, g));
      }
      params.load(session, weights, n -> n);
      if (reference != null) {
        reference.load(session, weights, n -> n);
      }
      firstMoments.zero(session);
      secondMoments.zero(session);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** max |x| over every element of every operand, as a scalar; reads the operands without copying them. */
  private static Operand<TFloat32> maxAbs(Ops tf, List<? extends Operand<TFloat32>> tensors) {
    List<Operand<TFloat32>> extremes = new ArrayList<>();
    for (Operand<TFloat32> t : tensors) {
      Operand<TInt32> axes = tf.range(tf.constant(0), tf.rank(t), tf.constant(1));
      extremes.add(tf.reduceMax(t, axes));
      extremes.add(tf.math.neg(tf.reduceMin(t, axes)));
    }
    return tf.reduceMax(tf.stack(extremes), tf.constant(0));
  }

  @Override
  public List<String> parameterNames() {
    return params.names();
  }

  @Override
  public List<float[]> completionLogprobs(List<TrainSequence> sequences, double temperature) {
    return logprobs(loss, sequences, temperature);
  }

  @Override
  public List<float[]> referenceLogprobs(List<TrainSequence> sequences, double temperature) {
    if (referenceLoss == null) {
      throw new IllegalStateException("this learner keeps no reference weights (it was created with "
          + "referenceWeights false, as a run without a KL penalty is)");
    }
    return logprobs(referenceLoss, sequences, temperature);
  }

  private List<float[]> logprobs(TfLossGraph graph, List<TrainSequence> sequences, double temperature) {
    List<float[]> out = new ArrayList<>();
    for (int start = 0; start < sequences.size(); start += config.microBatchSequences()) {
      List<TrainSequence> chunk = sequences.subList(start, Math.min(sequences.size(),
          start + config.microBatchSequences()));
      try (Feed feed = Feed.forScoring(chunk, temperature);
          Result result = feed.into(session.runner(), graph).fetch(graph.tokenLogprobs).run()) {
        out.addAll(feed.completionValues((TFloat32) result.get(0)));
      }
    }
    return out;
  }

  @Override
  public UpdateResult update(TrainBatch batch) {
    long start = System.nanoTime();
    Accumulated acc = accumulate(batch);
    double norm = Math.sqrt(acc.normSquared);
    double lr = config.learningRateAt(step);
    if (!Double.isFinite(norm) || !Double.isFinite(acc.loss)) { // skipped: weights and moments stay as they were
      return new UpdateResult(acc.loss, norm, lr, step, Double.NaN, Double.NaN, acc.tokens,
          System.nanoTime() - start, true);
    }
    double clip = config.maxGradNorm() > 0 && norm > config.maxGradNorm() ? config.maxGradNorm() / (norm + 1e-6) : 1;
    double beta1Pow = Math.pow(config.beta1(), step + 1);
    double beta2Pow = Math.pow(config.beta2(), step + 1);
    // An update that might make a weight or moment non-finite (a learning rate far too high, say) is skipped like
    // a non-finite loss, so a diverged step never lands. The bound needs only the maxima read in accumulate().
    if (!AdamBound.finite(acc, clip * norm, lr, config, beta1Pow, beta2Pow)) {
      return new UpdateResult(acc.loss, norm, lr, step, Double.NaN, Double.NaN, acc.tokens,
          System.nanoTime() - start, true);
    }
    // AdamW as ApplyAdam computes it: lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε̂) with ε̂ = ε·√(1−β₂ᵗ) is exactly
    // lr · m̂/(√v̂ + ε), the bias-corrected form of docs/ALGORITHMS.md.
    try (TFloat32 lrT = TFloat32.scalarOf((float) lr);
        TFloat32 clipT = TFloat32.scalarOf((float) (1 - clip));
        TFloat32 decayT = TFloat32.scalarOf((float) (lr * config.weightDecay()));
        TFloat32 b1p = TFloat32.scalarOf((float) beta1Pow);
        TFloat32 b2p = TFloat32.scalarOf((float) beta2Pow);
        TFloat32 epsT = TFloat32.scalarOf((float) (config.epsilon() * Math.sqrt(1 - beta2Pow)))) {
      Session.Runner runner = session.runner().feed(learningRate, lrT).feed(clipComplement, clipT)
          .feed(decay, decayT).feed(beta1Power, b1p).feed(beta2Power, b2p).feed(epsilonHat, epsT);
      apply.forEach(runner::addTarget);
      runner.run().close();
    }
    step++;
    // Without reference log-probs the graph's KL term is fed zeros; it means nothing, so report no KL.
    double kl = batch.referenceLogprobs() == null ? 0 : acc.klSum / Math.max(1, acc.maskedTokens);
    return new UpdateResult(acc.loss, norm, lr, step, acc.entropySum / Math.max(1, acc.maskedTokens), kl,
        acc.tokens, System.nanoTime() - start, false);
  }

  @Override
  public Gradient gradient(TrainBatch batch) {
    Accumulated acc = accumulate(batch);
    float[] values = accumulators.flatten(session);
    return new Gradient(acc.loss, values);
  }

  /**
   * One batch's accumulated figures, and the largest |θ|, |m| and v before its update (for {@link AdamBound}).
   */
  record Accumulated(double loss, double normSquared, double entropySum, double klSum, long maskedTokens,
      long tokens, double maxAbsWeight, double maxAbsFirstMoment, double maxSecondMoment) {}

  /** Runs every micro-batch forward and backward, the first setting the accumulators and the others adding. */
  private Accumulated accumulate(TrainBatch batch) {
    double lossSum = 0;
    double entropySum = 0;
    double klSum = 0;
    long tokens = 0;
    for (int start = 0; start < batch.sequences().size(); start += config.microBatchSequences()) {
      int end = Math.min(batch.sequences().size(), start + config.microBatchSequences());
      try (Feed feed = Feed.forTraining(batch, start, end)) {
        Session.Runner runner = feed.into(session.runner(), loss).fetch(loss.loss).fetch(loss.entropySum)
            .fetch(loss.klSum);
        (start == 0 ? assignFirst : accumulate).forEach(runner::addTarget);
        try (Result result = runner.run()) {
          lossSum += ((TFloat32) result.get(0)).getFloat();
          entropySum += ((TFloat32) result.get(1)).getFloat();
          klSum += ((TFloat32) result.get(2)).getFloat();
        }
        tokens += feed.tokens();
      }
    }
    try (Result result = session.runner().fetch(accumulatedNormSquared).fetch(maxAbsWeight)
        .fetch(maxAbsFirstMoment).fetch(maxSecondMoment).run()) {
      return new Accumulated(lossSum, ((TFloat32) result.get(0)).getFloat(), entropySum, klSum,
          batch.completionTokens(), tokens, ((TFloat32) result.get(1)).getFloat(),
          ((TFloat32) result.get(2)).getFloat(), ((TFloat32) result.get(3)).getFloat());
    }
  }

  @Override
  public WeightSet exportWeights(BufferAllocator allocator) {
    return params.export(session, allocator, "learner-weights-step-" + step, n -> n);
  }

  @Override
  public void loadWeights(WeightSet weights) {
    weights.validateAgainst(spec, "weights");
    params.load(session, weights, n -> n);
  }

  @Override
  public WeightSet exportOptimizerState(BufferAllocator allocator) {
    WeightSet out = firstMoments.export(session, allocator, "adamw-state", n -> "adam.m/" + n);
    try (WeightSet v = secondMoments.export(session, allocator, "adamw-v", n -> "adam.v/" + n)) {
      for (String name : v.names()) {
        out.allocate(name, v.shape(name)).put(v.floats(name));
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  @Override
  public long optimizerStep() {
    return step;
  }

  @Override
  public void restoreOptimizerState(WeightSet state, long step) {
    firstMoments.load(session, state, n -> "adam.m/" + n);
    secondMoments.load(session, state, n -> "adam.v/" + n);
    this.step = step;
  }

  /**
   * The tensors of one micro-batch: rows {@code [prompt; completion]} right-padded to the longest, so causal
   * attention needs no padding mask (real tokens precede padding). Position {@code p} predicts token
   * {@code p + 1}; completion token {@code k} of a row with prompt length {@code P} is predicted at
   * {@code P + k − 1}.
   */
  private static final class Feed implements AutoCloseable {
    private final List<Tensor> owned = new ArrayList<>();
    private final List<TrainSequence> rows;
    private final int width;

    private Feed(List<TrainSequence> rows) {
      this.rows = rows;
      int w = 1;
      for (TrainSequence s : rows) {
        w = Math.max(w, s.length());
      }
      this.width = w;
    }

    static Feed forScoring(List<TrainSequence> rows, double temperature) {
      Feed f = new Feed(rows);
      f.tokens(rows);
      f.temperature = temperature;
      return f;
    }

    static Feed forTraining(TrainBatch batch, int start, int end) {
      Feed f = new Feed(batch.sequences().subList(start, end));
      f.tokens(f.rows);
      f.temperature = batch.temperature();
      f.perToken(batch.coefficients().subList(start, end), Slot.COEFFICIENTS);
      f.perToken(batch.aggregation().subList(start, end), Slot.AGGREGATION);
      List<float[]> ones = new ArrayList<>();
      for (TrainSequence s : f.rows) {
        float[] row = new float[s.completion().length];
        Arrays.fill(row, 1f);
        ones.add(row);
      }
      f.perToken(ones, Slot.MASK);
      f.perToken(batch.referenceLogprobs() == null ? zeros(f.rows) : batch.referenceLogprobs().subList(start, end),
          Slot.REFERENCE);
      f.klCoefficient = batch.klCoefficient();
      f.klEstimator = batch.klEstimator();
      f.entropyCoefficient = batch.entropyCoefficient();
      return f;
    }

    private enum Slot { COEFFICIENTS, AGGREGATION, MASK, REFERENCE }

    private int[] ids;
    private int[] targets;
    private double temperature;
    private final Map<Slot, float[]> perToken = new EnumMap<>(Slot.class);
    private double klCoefficient;
    private KlEstimator klEstimator = KlEstimator.K3;
    private double entropyCoefficient;

    private static List<float[]> zeros(List<TrainSequence> rows) {
      List<float[]> out = new ArrayList<>();
      rows.forEach(s -> out.add(new float[s.completion().length]));
      return out;
    }

    private void tokens(List<TrainSequence> rows) {
      ids = new int[rows.size() * width];
      targets = new int[rows.size() * width];
      for (int r = 0; r < rows.size(); r++) {
        TrainSequence s = rows.get(r);
        for (int t = 0; t < s.length(); t++) {
          int token = t < s.prompt().length ? s.prompt()[t] : s.completion()[t - s.prompt().length];
          ids[r * width + t] = token;
          if (t > 0) {
            targets[r * width + t - 1] = token;
          }
        }
      }
    }

    private void perToken(List<float[]> values, Slot slot) {
      float[] out = new float[rows.size() * width];
      for (int r = 0; r < rows.size(); r++) {
        TrainSequence s = rows.get(r);
        float[] row = values.get(r);
        for (int k = 0; k < row.length; k++) {
          out[r * width + s.prompt().length + k - 1] = row[k];
        }
      }
      perToken.put(slot, out);
    }

    long tokens() {
      long n = 0;
      for (TrainSequence s : rows) {
        n += s.length();
      }
      return n;
    }

    private <T extends Tensor> T own(T tensor) {
      owned.add(tensor);
      return tensor;
    }

    Session.Runner into(Session.Runner runner, TfLossGraph g) {
      Shape shape = Shape.of(rows.size(), width);
      runner.feed(g.ids, own(TInt32.tensorOf(shape, DataBuffers.of(ids, true, false))));
      runner.feed(g.targets, own(TInt32.tensorOf(shape, DataBuffers.of(targets, true, false))));
      runner.feed(g.inverseTemperature, own(TFloat32.scalarOf((float) (1.0 / temperature))));
      if (!perToken.isEmpty()) {
        runner.feed(g.coefficients, floats(shape, perToken.get(Slot.COEFFICIENTS)));
        runner.feed(g.aggregation, floats(shape, perToken.get(Slot.AGGREGATION)));
        runner.feed(g.mask, floats(shape, perToken.get(Slot.MASK)));
        runner.feed(g.referenceLogprobs, floats(shape, perToken.get(Slot.REFERENCE)));
        runner.feed(g.klCoefficient, own(TFloat32.scalarOf((float) klCoefficient)));
        runner.feed(g.klWeights, own(TFloat32.vectorOf(klEstimator == KlEstimator.K1 ? 1f : 0f,
            klEstimator == KlEstimator.K2 ? 1f : 0f, klEstimator == KlEstimator.K3 ? 1f : 0f)));
        runner.feed(g.entropyCoefficient, own(TFloat32.scalarOf((float) entropyCoefficient)));
      }
      return runner;
    }

    private TFloat32 floats(Shape shape, float[] values) {
      return own(TFloat32.tensorOf(shape, DataBuffers.of(values, true, false)));
    }

    /** Per row, the values at the positions that predict its completion tokens. */
    List<float[]> completionValues(TFloat32 tensor) {
      float[] all = new float[rows.size() * width];
      tensor.asRawTensor().data().asFloats().read(all);
      List<float[]> out = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        TrainSequence s = rows.get(r);
        float[] row = new float[s.completion().length];
        for (int k = 0; k < row.length; k++) {
          row[k] = all[r * width + s.prompt().length + k - 1];
        }
        out.add(row);
      }
      return out;
    }

    @Override
    public void close() {
      owned.forEach(Tensor::close);
    }
  }
}
