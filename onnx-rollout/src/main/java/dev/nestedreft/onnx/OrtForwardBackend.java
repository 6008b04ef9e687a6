package dev.nestedreft.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * The forward pass on ONNX Runtime: one truncated-layer graph per layer plan, built from a private copy of the
 * weights on first use and cached as a session. Owns its sessions and weight copy until {@link #close()}; not
 * thread-safe. The {@link OrtEnvironment} is the JVM-wide singleton and is never closed here.
 */
public final class OrtForwardBackend extends OrtSessionOwner<LayerPlan> implements ForwardBackend {
  private final WeightSet weights;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();

  OrtForwardBackend(ModelSpec spec, WeightSet weights, BackendOptions options) {
    super(spec, options);
    weights.validateAgainst(spec, "weights");
    OrtSessions.checkDevice(options);
    this.weights = weights.copy("onnx-forward-weights");
  }

  /** The truncated-layer graph of {@code plan}. */
  @Override
  ModelProto graph(LayerPlan plan) {
    return OnnxDecoderGraph.build(spec, weights, plan, OnnxModelExporter.VERSION, Map.of());
  }

  @Override
  String describe(LayerPlan plan) {
    return "a session for " + plan;
  }

  @Override
  public Logits logits(TokenBatch tokens, LayerPlan plan) {
    ForwardBackend.checkInputs(spec, tokens, plan);
    OrtSession session = session(plan);
    long[] shape = {tokens.batch(), tokens.length()};
    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.flatLongs()), shape);
        OrtSession.Result result = session.run(Map.of(OnnxDecoderGraph.INPUT_IDS, ids))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[out.remaining()];
      out.get(values);
      return new Logits(tokens.batch(), tokens.length(), spec.vocabSize(), values);
    } catch (OrtException e) {
      throw OrtErrors.wrap("forward pass failed for " + plan, e);
    }
  }

  @Override
  public void close() {
    try {
      closeSessions(false);
    } finally {
      weights.close();
    }
  }
}
