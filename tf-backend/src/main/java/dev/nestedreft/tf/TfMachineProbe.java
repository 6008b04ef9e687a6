package dev.nestedreft.tf;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.backend.MachineProbe;
import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * The machine's ceilings through TensorFlow's kernels: an {@value #N} × {@value #N} fp32 matrix product (FLOP/s)
 * and a sum over a {@value #READ_MIB} MiB variable (bytes/s, far beyond any cache), each the best of
 * {@value #ROUNDS} timed runs after a warm-up. The best, not the median: a ceiling is what the machine can do, and
 * a shared machine only ever slows a run down.
 */
public final class TfMachineProbe implements MachineProbe {
  static final int N = 2048;
  static final int READ_MIB = 512;
  static final int ROUNDS = 7;

  @Override
  public String name() {
    return TfBackendProvider.NAME;
  }

  @Override
  public MachineLimits measure(BackendOptions options) {
    TfSessions.checkDevice(options);
    try (Graph graph = new Graph(); Session session = TfSessions.create(graph, options)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> a = matrix(tf, "a", N, N);
      Operand<TFloat32> b = matrix(tf, "b", N, N);
      // Reduce to a scalar so that fetching the result costs nothing next to the product.
      Operand<TFloat32> product = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      long floats = READ_MIB * 1024L * 1024L / Float.BYTES;
      Operand<TFloat32> big = matrix(tf, "stream", (int) (floats / 1024), 1024);
      Operand<TFloat32> sum = tf.reduceSum(big, tf.constant(new int[] {0, 1}));
      session.runner().addTarget("init_a").addTarget("init_b").addTarget("init_stream").run().close();
      double matmulSeconds = best(session, product);
      double readSeconds = best(session, sum);
      return new MachineLimits(2.0 * N * N * N / matmulSeconds, floats * (double) Float.BYTES / readSeconds,
          name(), options.intraOpThreads());
    }
  }

  /** A variable {@code [rows, cols]} of uniform values, initialised by the op {@code init_<name>}. */
  private static Operand<TFloat32> matrix(Ops tf, String name, int rows, int cols) {
    Variable<TFloat32> v = tf.withName(name).variable(Shape.of(rows, cols), TFloat32.class);
    tf.withName("init_" + name).assign(v, tf.random.randomUniform(tf.constant(new long[] {rows, cols}),
        TFloat32.class, RandomUniform.seed(7L)));
    return v;
  }

  private static double best(Session session, Operand<TFloat32> op) {
    double[] seconds = new double[ROUNDS + 1];
    for (int i = 0; i <= ROUNDS; i++) {
      long start = System.nanoTime();
      session.runner().fetch(op).run().close();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    return Arrays.stream(seconds, 1, seconds.length).min().orElseThrow(); // run 0 warms up
  }
}
