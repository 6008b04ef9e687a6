package dev.nestedreft.tf;

import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The forward pass on TensorFlow Java: one graph holding the weights as variables and one sub-graph per layer
 * plan, built on first use and cached. Owns its graph and session until {@link #close()}; not thread-safe.
 */
public final class TfForwardBackend extends TfGraphOwner implements ForwardBackend {
  private final TfVariables variables;
  private final Map<LayerPlan, TfDecoderGraph.Forward> plans = new HashMap<>();

  TfForwardBackend(ModelSpec spec, WeightSet weights, BackendOptions options) {
    super(spec, options);
    try {
      this.variables = new TfVariables(tf, "weights", WeightNames.expected(spec));
      weights.validateAgainst(spec, "weights");
      variables.load(session, weights, name -> name);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public Logits logits(TokenBatch tokens, LayerPlan plan) {
    ForwardBackend.checkInputs(spec, tokens, plan);
    TfDecoderGraph.Forward forward = plans.computeIfAbsent(plan, p -> {
      Ops scoped = tf.withSubScope("plan_" + plans.size());
      return new TfDecoderGraph(scoped, spec, variables).build(p);
    });
    int[] ids = tokens.flat();
    try (TInt32 input = TInt32.tensorOf(Shape.of(tokens.batch(), tokens.length()), DataBuffers.of(ids, true, false));
        Result result = session.runner().feed(forward.inputIds(), input).fetch(forward.logits()).run()) {
      TFloat32 logits = (TFloat32) result.get(0);
      float[] values = new float[tokens.batch() * tokens.length() * spec.vocabSize()];
      logits.asRawTensor().data().asFloats().read(values);
      return new Logits(tokens.batch(), tokens.length(), spec.vocabSize(), values);
    } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
      throw new NestedReftException("backend 'tf': forward pass failed for " + plan + ": " + e.getMessage(), e);
    }
  }
}
