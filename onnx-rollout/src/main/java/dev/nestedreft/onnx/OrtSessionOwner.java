package dev.nestedreft.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * What the forward backend and the rollout engine share: the model spec, the backend options, and ONNX Runtime
 * sessions built on first use, one per key, owned until {@link #closeSessions}. The {@link OrtEnvironment} is the
 * JVM-wide singleton and is never closed here. Not thread-safe.
 *
 * @param <K> what a session is built for: a layer plan (forward) or a number of layers (rollout)
 */
abstract class OrtSessionOwner<K> {
  final ModelSpec spec;
  final BackendOptions options;
  private final Map<K, OrtSession> sessions = new HashMap<>();

  OrtSessionOwner(ModelSpec spec, BackendOptions options) {
    this.spec = spec;
    this.options = options;
  }

  public String name() {
    return OrtBackendProvider.NAME;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The graph of the session for {@code key}. */
  abstract ModelProto graph(K key);

  /** The session for {@code key} in error messages, such as "the decode session for 3 layers". */
  abstract String describe(K key);

  /** The session for {@code key}, created from {@link #graph} on first use and kept. */
  final OrtSession session(K key) {
    OrtSession session = sessions.get(key);
    if (session == null) {
      ModelProto model = graph(key);
      try (OrtSession.SessionOptions sessionOptions = OrtSessions.options(options)) {
        session = OrtEnvironment.getEnvironment().createSession(model.toByteArray(), sessionOptions);
      } catch (OrtException e) {
        throw OrtErrors.wrap("cannot create " + describe(key), e);
      }
      sessions.put(key, session);
    }
    return session;
  }

  /** Closes every session; see {@link OrtSessions#closeAll}. */
  final void closeSessions(boolean endProfiling) {
    OrtSessions.closeAll(sessions.values(), endProfiling);
  }
}
