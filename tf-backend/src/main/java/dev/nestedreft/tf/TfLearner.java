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
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The learner on TensorFlow Java. One graph holds the trainable weights, a frozen reference copy, the AdamW
 * moments and gradient accumulators (all variables named after the HF tensors), the policy-gradient loss
 * ({@link TfLossGraph}) and its symbolic gradients. An update accumulates gradients over micro-batches, clips the
 * global norm, and applies AdamW with decoupled weight decay on matrices. An update whose loss or gradient is not
 * finite, or that would make a weight or moment non-finite, is skipped: nothing is applied.
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
  private final List<Op> accumulate = new ArrayList<>();
  private final Operand<TFloat32> accumulatedNormSquared;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> clipFactor;
  private final Placeholder<TFloat32> biasCorrection1;
  private final Placeholder<TFloat32> biasCorrection2;
  private final Placeholder<TFloat32> weightDecay;
  private final List<Op> apply = new ArrayList<>();
  /** True when the AdamW update, as fed, leaves every weight and moment finite; computed without applying it. */
  private final Operand<TBool> updateFinite;
  private long step;

  TfLearner(ModelSpec spec, WeightSet weights, LearnerConfig config, BackendOptions options) {
    super(spec, options);
    this.config = config;
    try {
      weights.validateAgainst(spec, "initial weights");
      Map<String, long[]> shapes = WeightNames.expected(spec);
      params = new TfVariables(tf, "weights", shapes);
      reference = new TfVariables(tf, "reference", shapes);
      firstMoments = new TfVariables(tf, "adam_m", shapes);
      secondMoments = new TfVariables(tf, "adam_v", shapes);
      accumulators = new TfVariables(tf, "grad_acc", shapes);
      loss = new TfLossGraph(tf.withSubScope("loss"), spec, new TfDecoderGraph(tf.withSubScope("model"), spec,
          params));
      referenceLoss = new TfLossGraph(tf.withSubScope("reference_loss"), spec,
          new TfDecoderGraph(tf.withSubScope("reference_model"), spec, reference));

      List<String> names = params.names();
      List<Operand<?>> vars = new ArrayList<>();
      names.forEach(n -> vars.add(params.get(n)));
      Gradients gradients = tf.gradients(loss.loss, vars);
      Ops acc = tf.withSubScope("accumulate");
      List<Operand<TFloat32>> accumulated = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        Variable<TFloat32> a = accumulators.get(names.get(i));
        Operand<TFloat32> g = gradients.dy(i);
        if (g == null) {
          throw new IllegalStateException("no gradient reaches " + names.get(i));
        }
        accumulate.add(acc.assignAdd(a, g));
        accumulated.add(a);
      }
      accumulatedNormSquared = TfLossGraph.sumOfSquares(tf, accumulated);

      Ops adam = tf.withSubScope("adamw");
      learningRate = adam.withName("lr").placeholder(TFloat32.class);
      clipFactor = adam.withName("clip").placeholder(TFloat32.class);
      biasCorrection1 = adam.withName("bc1").placeholder(TFloat32.class);
      biasCorrection2 = adam.withName("bc2").placeholder(TFloat32.class);
      weightDecay = adam.withName("wd").placeholder(TFloat32.class);
      Operand<TFloat32> b1 = adam.constant((float) config.beta1());
      Operand<TFloat32> b2 = adam.constant((float) config.beta2());
      Operand<TFloat32> one = adam.constant(1f);
      List<Operand<TBool>> finite = new ArrayList<>();
      for (String name : names) {
        Variable<TFloat32> theta = params.get(name);
        Operand<TFloat32> g = adam.math.mul(accumulators.get(name), clipFactor);
        Operand<TFloat32> m = adam.math.add(adam.math.mul(b1, firstMoments.get(name)),
            adam.math.mul(adam.math.sub(one, b1), g));
        Operand<TFloat32> v = adam.math.add(adam.math.mul(b2, secondMoments.get(name)),
            adam.math.mul(adam.math.sub(one, b2), adam.math.square(g)));
        Operand<TFloat32> direction = adam.math.div(adam.math.div(m, biasCorrection1),
            adam.math.add(adam.math.sqrt(adam.math.div(v, biasCorrection2)), adam.constant((float) config.epsilon())));
        if (shapes.get(name).length == 2) { // decoupled weight decay on matrices, not on norms and biases
          direction = adam.math.add(direction, adam.math.mul(weightDecay, theta));
        }
        Operand<TFloat32> delta = adam.math.mul(learningRate, direction);
        apply.add(adam.assign(firstMoments.get(name), m));
        apply.add(adam.assign(secondMoments.get(name), v));
        apply.add(adam.assignSub(theta, delta));
        for (Operand<TFloat32> updated : List.of(adam.math.sub(theta, delta), m, v)) {
          finite.add(allFinite(adam, updated));
        }
      }
      updateFinite = adam.reduceAll(adam.stack(finite), adam.constant(0));
      params.load(session, weights, n -> n);
      reference.load(session, weights, n -> n);
      firstMoments.zero(session);
      secondMoments.zero(session);
      accumulators.zero(session);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
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
    if (!Double.isFinite(norm) || !Double.isFinite(acc.loss)) {
      accumulators.zero(session); // a NaN/Inf step is skipped: the weights and moments stay as they were
      return new UpdateResult(acc.loss, norm, config.learningRateAt(step), step, Double.NaN, Double.NaN, acc.tokens,
          System.nanoTime() - start, true);
    }
    double clip = config.maxGradNorm() > 0 && norm > config.maxGradNorm() ? config.maxGradNorm() / (norm + 1e-6) : 1;
    double lr = config.learningRateAt(step);
    try (TFloat32 lrT = TFloat32.scalarOf((float) lr);
        TFloat32 clipT = TFloat32.scalarOf((float) clip);
        TFloat32 bc1 = TFloat32.scalarOf((float) (1 - Math.pow(config.beta1(), step + 1)));
        TFloat32 bc2 = TFloat32.scalarOf((float) (1 - Math.pow(config.beta2(), step + 1)));
        TFloat32 wd = TFloat32.scalarOf((float) config.weightDecay())) {
      // First the update's outcome, without applying it: an update that would make a weight or moment non-finite
      // (a learning rate far too high, say) is skipped like a non-finite loss, so a diverged step never lands.
      boolean finite;
      try (Result check = feedUpdate(session.runner(), lrT, clipT, bc1, bc2, wd).fetch(updateFinite).run()) {
        finite = ((TBool) check.get(0)).getBoolean();
      }
      if (!finite) {
        accumulators.zero(session);
        return new UpdateResult(acc.loss, norm, lr, step, Double.NaN, Double.NaN, acc.tokens,
            System.nanoTime() - start, true);
      }
      Session.Runner runner = feedUpdate(session.runner(), lrT, clipT, bc1, bc2, wd);
      apply.forEach(runner::addTarget);
      runner.run().close();
    }
    step++;
    accumulators.zero(session);
    // Without reference log-probs the graph's KL term is fed zeros; it means nothing, so report no KL.
    double kl = batch.referenceLogprobs() == null ? 0 : acc.klSum / Math.max(1, acc.maskedTokens);
    return new UpdateResult(acc.loss, norm, lr, step, acc.entropySum / Math.max(1, acc.maskedTokens), kl,
        acc.tokens, System.nanoTime() - start, false);
  }

  private Session.Runner feedUpdate(Session.Runner runner, TFloat32 lr, TFloat32 clip, TFloat32 bc1, TFloat32 bc2,
      TFloat32 wd) {
    return runner.feed(learningRate, lr).feed(clipFactor, clip).feed(biasCorrection1, bc1).feed(biasCorrection2, bc2)
        .feed(weightDecay, wd);
  }

  /** Whether every element of {@code x} is finite, as a scalar. */
  private static Operand<TBool> allFinite(Ops tf, Operand<TFloat32> x) {
    return tf.reduceAll(tf.math.isFinite(x), tf.range(tf.constant(0), tf.rank(x), tf.constant(1)));
  }

  @Override
  public Gradient gradient(TrainBatch batch) {
    Accumulated acc = accumulate(batch);
    float[] values = accumulators.flatten(session);
    accumulators.zero(session);
    return new Gradient(acc.loss, values);
  }

  private record Accumulated(double loss, double normSquared, double entropySum, double klSum, long maskedTokens,
      long tokens) {}

  /** Runs every micro-batch forward and backward, adding its gradient into the accumulators. */
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
        accumulate.forEach(runner::addTarget);
        try (Result result = runner.run()) {
          lossSum += ((TFloat32) result.get(0)).getFloat();
          entropySum += ((TFloat32) result.get(1)).getFloat();
          klSum += ((TFloat32) result.get(2)).getFloat();
        }
        tokens += feed.tokens();
      }
    }
    double normSquared;
    try (Result result = session.runner().fetch(accumulatedNormSquared).run()) {
      normSquared = ((TFloat32) result.get(0)).getFloat();
    }
    return new Accumulated(lossSum, normSquared, entropySum, klSum, batch.completionTokens(), tokens);
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
