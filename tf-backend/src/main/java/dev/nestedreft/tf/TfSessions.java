package dev.nestedreft.tf;

import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Sessions with explicit thread counts. CUDA must be really there: asking for it probes for a GPU device, and the
 * CPU build (or a machine without a GPU) gets an error rather than a silent CPU run.
 */
final class TfSessions {
  private TfSessions() {}

  static void checkDevice(BackendOptions options) {
    if (options.device() == Device.CUDA && !hasGpu()) {
      throw NestedReftException.of("backend 'tf': device cuda requested, but TensorFlow sees no GPU device; build "
          + "with 'mvn -Pgpu' (TensorFlow's linux-x86_64-gpu native library) on a machine with CUDA");
    }
  }

  /** Whether an op pinned to {@code /GPU:0} runs (soft placement off, so a missing GPU is an error). */
  static boolean hasGpu() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU)
          .deviceIndex(0).build());
      var probe = tf.math.add(tf.constant(1f), tf.constant(1f));
      try (Session session = new Session(graph, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
          var result = session.runner().fetch(probe).run()) {
        return result.size() == 1;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /** A new session on {@code graph}; the caller owns it. */
  static Session create(Graph graph, BackendOptions options) {
    ConfigProto config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(options.intraOpThreads())
        .setInterOpParallelismThreads(options.interOpThreads())
        .build();
    return new Session(graph, config);
  }
}
