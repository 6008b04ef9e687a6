package dev.nestedreft.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.Device;
import java.util.Collection;

/** Session options from {@link BackendOptions}; CUDA is an explicit choice that fails loudly when absent. */
final class OrtSessions {
  static final String CUDA_PROVIDER = "CUDAExecutionProvider";

  private OrtSessions() {}

  /**
   * Closes every session (ending its profile first when {@code endProfiling}), even when one fails; the first
   * failure is thrown after all were tried.
   */
  static void closeAll(Collection<OrtSession> sessions, boolean endProfiling) {
    NestedReftException failure = null;
    for (OrtSession session : sessions) {
      try {
        if (endProfiling) {
          System.getLogger(OrtSessions.class.getName()).log(System.Logger.Level.DEBUG,
              "ONNX Runtime profile written to " + session.endProfiling());
        }
        session.close();
      } catch (OrtException e) {
        if (failure == null) {
          failure = OrtErrors.wrap("cannot close a session", e);
        }
      }
    }
    sessions.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Fails now, not at the first session, when {@code options} ask for a device ONNX Runtime does not offer. */
  static void checkDevice(BackendOptions options) {
    options(options).close();
  }

  /** New session options; the caller owns and closes them. */
  static OrtSession.SessionOptions options(BackendOptions options) {
    OrtSession.SessionOptions out = new OrtSession.SessionOptions();
    try {
      out.setIntraOpNumThreads(options.intraOpThreads());
      out.setInterOpNumThreads(options.interOpThreads());
      out.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle ORT worker threads must not spin: TensorFlow shares these cores in the same process.
      out.addConfigEntry("session.intra_op.allow_spinning", "0");
      out.addConfigEntry("session.inter_op.allow_spinning", "0");
      if (options.profilePrefix() != null) {
        out.enableProfiling(options.profilePrefix());
      }
      if (options.device() == Device.CUDA) {
        var available = OrtEnvironment.getAvailableProviders();
        if (available.stream().noneMatch(p -> p.name().equals("CUDA"))) {
          throw NestedReftException.of(
              "backend 'onnx': device cuda requested, but this ONNX Runtime build offers only %s; build with "
                  + "'mvn -Pgpu' (the onnxruntime_gpu artifact) on a machine with CUDA", available);
        }
        out.addCUDA(0);
      }
      return out;
    } catch (OrtException e) {
      out.close();
      throw OrtErrors.wrap("cannot configure the session", e);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
