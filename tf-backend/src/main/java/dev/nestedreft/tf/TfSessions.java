package dev.nestedreft.tf;

import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Sessions with explicit thread counts; CUDA is refused by the CPU build rather than silently ignored. */
final class TfSessions {
  private TfSessions() {}

  static void checkDevice(BackendOptions options) {
    if (options.device() != Device.CPU) {
      throw NestedReftException.of(
          "backend 'tf': device %s is not supported by the CPU TensorFlow build on the class path",
          options.device());
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
