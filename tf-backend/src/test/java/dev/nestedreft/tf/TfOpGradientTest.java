package dev.nestedreft.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Every op the learner differentiates through, checked against central finite differences in isolation, so that
 * a wrong gradient in TensorFlow's C++ registry is caught at the op (as the fused LogSoftmax's was).
 */
@Tag("native")
class TfOpGradientTest {
  private static final Shape SHAPE = Shape.of(2, 3, 4);

  private static BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> op(String name) {
    return switch (name) {
      case "logSoftmax" -> TfLossGraph::logSoftmax;
      case "softmax" -> (tf, x) -> tf.nn.softmax(x);
      case "rmsNorm" -> (tf, x) -> TfDecoderGraph.rmsNorm(tf, x, tf.constant(new float[] {1f, 2f, 0.5f, 1.5f}), 1e-6);
      case "batchMatMulAdjY" -> (tf, x) -> tf.train.batchMatMul(x, x, TFloat32.class, BatchMatMul.adjY(true));
      case "matMulTransposeB" -> (tf, x) -> {
        Operand<TFloat32> m = tf.reshape(x, tf.constant(new int[] {6, 4}));
        return tf.linalg.matMul(m, m, MatMul.transposeB(true));
      };
      case "rotateHalf" -> (tf, x) -> {
        var halves = tf.split(tf.constant(-1), x, 2L);
        return tf.concat(List.of(tf.math.neg(halves.output().get(1)), halves.output().get(0)), tf.constant(-1));
      };
      case "gatherRows" -> (tf, x) -> tf.gather(tf.reshape(x, tf.constant(new int[] {6, 4})),
          tf.constant(new int[] {0, 2, 2, 5}), tf.constant(0));
      case "silu" -> (tf, x) -> tf.math.mul(x, tf.math.sigmoid(x));
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"logSoftmax", "softmax", "rmsNorm", "batchMatMulAdjY", "matMulTransposeB", "rotateHalf",
      "gatherRows", "silu"})
  void gradientMatchesFiniteDifferences(String name) {
    SplittableRandom random = new SplittableRandom(1);
    float[] x0 = new float[(int) SHAPE.size()];
    for (int i = 0; i < x0.length; i++) {
      x0[i] = (float) random.nextGaussian();
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TFloat32.class);
      Operand<TFloat32> f = op(name).apply(tf, x);
      // A non-linear read-out so every output element matters differently.
      Operand<TFloat32> y = tf.reduceSum(tf.math.mul(f, tf.math.cos(f)), tf.range(tf.constant(0), tf.rank(f),
          tf.constant(1)));
      Operand<TFloat32> grad = tf.gradients(y, List.of(x)).dy(0);
      try (Session session = new Session(g)) {
        float[] analytic = new float[x0.length];
        try (TFloat32 in = tensor(x0); Result r = session.runner().feed(x, in).fetch(grad).run()) {
          ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(analytic);
        }
        double maxError = 0;
        double maxGradient = 0;
        for (int i = 0; i < x0.length; i++) {
          float[] plus = x0.clone();
          float[] minus = x0.clone();
          plus[i] += 1e-2f;
          minus[i] -= 1e-2f;
          double numeric = (eval(session, x, y, plus) - eval(session, x, y, minus)) / 2e-2;
          maxError = Math.max(maxError, Math.abs(numeric - analytic[i]));
          maxGradient = Math.max(maxGradient, Math.abs(analytic[i]));
        }
        assertThat(maxGradient).isGreaterThan(0.1);
        assertThat(maxError).as("%s: max |numeric - analytic| vs max gradient %s", name, maxGradient)
            .isLessThan(2e-3 * Math.max(1, maxGradient));
      }
    }
  }

  private static TFloat32 tensor(float[] values) {
    return TFloat32.tensorOf(SHAPE, DataBuffers.of(values, true, false));
  }

  private static double eval(Session session, Operand<TFloat32> x, Operand<TFloat32> y, float[] values) {
    try (TFloat32 in = tensor(values); Result r = session.runner().feed(x, in).fetch(y).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
