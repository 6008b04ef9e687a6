package dev.nestedreft.onnx;

import static dev.nestedreft.onnx.OnnxDecodeGraph.DOWN;
import static dev.nestedreft.onnx.OnnxDecodeGraph.GATE_UP;
import static dev.nestedreft.onnx.OnnxDecodeGraph.IN_NORM;
import static dev.nestedreft.onnx.OnnxDecodeGraph.O;
import static dev.nestedreft.onnx.OnnxDecodeGraph.O_BIAS;
import static dev.nestedreft.onnx.OnnxDecodeGraph.POST_NORM;
import static dev.nestedreft.onnx.OnnxDecodeGraph.QKV;
import static dev.nestedreft.onnx.OnnxDecodeGraph.QKV_BIAS;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The weights of one plan in the layout the decode graph takes: linear weights transposed to {@code [in, out]},
 * q/k/v fused into one matrix and gate/up into another, the head transposed (from the embedding when tied).
 * Only the plan's layers are packed. Each tensor lives in its own Arrow buffer and is handed to ONNX Runtime as a
 * tensor over that direct memory, without a copy.
 *
 * <p>Owns its buffers and tensors until {@link #close()}.
 */
final class PackedWeights implements AutoCloseable {
  private final BufferAllocator allocator;
  private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
  private final Map<String, ArrowBuf> buffers = new LinkedHashMap<>();

  private PackedWeights(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /** Packs {@code weights} for {@code plan}; the result is allocated from a child of {@code parent}. */
  static PackedWeights pack(ModelSpec spec, WeightSet weights, LayerPlan plan, BufferAllocator parent) {
    PackedWeights out = new PackedWeights(parent.newChildAllocator("packed-weights", 0, Long.MAX_VALUE));
    try {
      int h = spec.hiddenSize();
      int vocab = spec.vocabSize();
      out.copy(OnnxDecodeGraph.EMBED, weights, WeightNames.EMBED, new long[] {vocab, h});
      out.copy(OnnxDecodeGraph.FINAL_NORM, weights, WeightNames.FINAL_NORM, new long[] {h});
      out.transposed(OnnxDecodeGraph.HEAD, weights.floats(WeightNames.headSource(spec)), vocab, h);
      for (int slot = 0; slot < plan.size(); slot++) {
        int layer = plan.layer(slot);
        out.copy(OnnxDecodeGraph.slotWeight(slot, IN_NORM), weights, WeightNames.layer(layer,
            WeightNames.INPUT_NORM), new long[] {h});
        out.copy(OnnxDecodeGraph.slotWeight(slot, POST_NORM), weights, WeightNames.layer(layer,
            WeightNames.POST_ATTENTION_NORM), new long[] {h});
        out.fusedTransposed(OnnxDecodeGraph.slotWeight(slot, QKV), h,
            weights.floats(WeightNames.weight(layer, WeightNames.Q_PROJ)),
            weights.floats(WeightNames.weight(layer, WeightNames.K_PROJ)),
            weights.floats(WeightNames.weight(layer, WeightNames.V_PROJ)));
        if (spec.qkvBias()) {
          out.concatenated(OnnxDecodeGraph.slotWeight(slot, QKV_BIAS),
              weights.floats(WeightNames.bias(layer, WeightNames.Q_PROJ)),
              weights.floats(WeightNames.bias(layer, WeightNames.K_PROJ)),
              weights.floats(WeightNames.bias(layer, WeightNames.V_PROJ)));
        }
        out.transposed(OnnxDecodeGraph.slotWeight(slot, O), weights.floats(WeightNames.weight(layer,
            WeightNames.O_PROJ)), h, spec.qDim());
        if (spec.outputBias()) {
          out.copy(OnnxDecodeGraph.slotWeight(slot, O_BIAS), weights, WeightNames.bias(layer, WeightNames.O_PROJ),
              new long[] {h});
        }
        out.fusedTransposed(OnnxDecodeGraph.slotWeight(slot, GATE_UP), h,
            weights.floats(WeightNames.weight(layer, WeightNames.GATE_PROJ)),
            weights.floats(WeightNames.weight(layer, WeightNames.UP_PROJ)));
        out.transposed(OnnxDecodeGraph.slotWeight(slot, DOWN), weights.floats(WeightNames.weight(layer,
            WeightNames.DOWN_PROJ)), h, spec.intermediateSize());
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** The weight inputs of the decode graph, by input name; owned by this object. */
  Map<String, OnnxTensor> inputs() {
    return inputs;
  }

  private FloatBuffer allocate(String name, long[] shape) {
    long elements = WeightSet.elementCount(shape);
    ArrowBuf buf = allocator.buffer(Math.max(1, elements * Float.BYTES));
    buffers.put(name, buf);
    FloatBuffer view = buf.nioBuffer(0, (int) (elements * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer();
    try {
      inputs.put(name, OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), view.duplicate(), shape));
    } catch (OrtException e) {
      throw OrtErrors.wrap("cannot wrap packed weight " + name, e);
    }
    return view;
  }

  private void copy(String name, WeightSet weights, String source, long[] shape) {
    allocate(name, shape).put(weights.floats(source));
  }

  /** {@code src [rows, cols]} stored transposed as {@code [cols, rows]}. */
  private void transposed(String name, FloatBuffer src, int rows, int cols) {
    float[] in = new float[src.remaining()];
    src.get(in);
    float[] out = new float[in.length];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = in[base + c];
      }
    }
    allocate(name, new long[] {cols, rows}).put(out);
  }

  /**
   * PyTorch-layout matrices {@code [out_i, in]} fused into one {@code [in, sum(out_i)]}: column blocks in the order
   * given.
   */
  private void fusedTransposed(String name, int in, FloatBuffer... parts) {
    int total = 0;
    for (FloatBuffer p : parts) {
      total += p.remaining() / in;
    }
    float[] out = new float[in * total];
    int column = 0;
    for (FloatBuffer p : parts) {
      int rows = p.remaining() / in;
      float[] src = new float[p.remaining()];
      p.get(src);
      for (int o = 0; o < rows; o++) {
        for (int i = 0; i < in; i++) {
          out[i * total + column + o] = src[o * in + i];
        }
      }
      column += rows;
    }
    allocate(name, new long[] {in, total}).put(out);
  }

  private void concatenated(String name, FloatBuffer... parts) {
    int total = 0;
    for (FloatBuffer p : parts) {
      total += p.remaining();
    }
    FloatBuffer out = allocate(name, new long[] {total});
    for (FloatBuffer p : parts) {
      out.put(p);
    }
  }

  @Override
  public void close() {
    inputs.values().forEach(OnnxTensor::close);
    inputs.clear();
    buffers.values().forEach(ArrowBuf::close);
    buffers.clear();
    allocator.close();
  }
}
