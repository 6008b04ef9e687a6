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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The weights of one plan in the layout the decode graph takes: linear weights transposed to {@code [in, out]},
 * q/k/v fused into one matrix and gate/up into another, the head transposed (from the embedding when tied).
 * Only the plan's layers are packed. Each tensor lives in its own Arrow buffer and is handed to ONNX Runtime as a
 * tensor over that direct memory, without a copy.
 *
 * <p>The buffers are allocated once for a number of layers ({@link #allocate}) and refilled in place at each weight
 * refresh ({@link #fill}): a refresh writes into memory that is already mapped, and its transposes run in cache-sized
 * tiles, spread over a pool of threads. At Qwen2.5-0.5B shapes this took a refresh from about 4.5 s to well under
 * one (docs/BENCHMARKS.md).
 *
 * <p>Owns its buffers and tensors until {@link #close()}.
 */
final class PackedWeights implements AutoCloseable {
  /** The side of a transpose tile: 64 × 64 floats (16 KiB) stay in the L1/L2 cache while they turn. */
  private static final int TILE = 64;
  /** Source rows per transpose job, so that the head's 151,936 rows spread over the threads. */
  private static final int ROWS_PER_JOB = 2048;

  private final BufferAllocator allocator;
  private final int slots;
  private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
  private final Map<String, ArrowBuf> buffers = new LinkedHashMap<>();
  private final Map<String, FloatBuffer> views = new LinkedHashMap<>();

  private PackedWeights(BufferAllocator allocator, int slots) {
    this.allocator = allocator;
    this.slots = slots;
  }

  /**
   * Buffers for the weights of a plan of {@code slots} layers, allocated from a child of {@code parent}; their
   * contents are undefined until {@link #fill}.
   */
  static PackedWeights allocate(ModelSpec spec, int slots, BufferAllocator parent) {
    PackedWeights out = new PackedWeights(parent.newChildAllocator("packed-weights", 0, Long.MAX_VALUE), slots);
    try {
      int h = spec.hiddenSize();
      int kv = spec.numKeyValueHeads() * spec.headDim();
      out.allocate(OnnxDecodeGraph.EMBED, spec.vocabSize(), h);
      out.allocate(OnnxDecodeGraph.FINAL_NORM, h);
      out.allocate(OnnxDecodeGraph.HEAD, h, spec.vocabSize());
      for (int slot = 0; slot < slots; slot++) {
        out.allocate(OnnxDecodeGraph.slotWeight(slot, IN_NORM), h);
        out.allocate(OnnxDecodeGraph.slotWeight(slot, POST_NORM), h);
        out.allocate(OnnxDecodeGraph.slotWeight(slot, QKV), h, spec.qDim() + 2L * kv);
        if (spec.qkvBias()) {
          out.allocate(OnnxDecodeGraph.slotWeight(slot, QKV_BIAS), spec.qDim() + 2L * kv);
        }
        out.allocate(OnnxDecodeGraph.slotWeight(slot, O), spec.qDim(), h);
        if (spec.outputBias()) {
          out.allocate(OnnxDecodeGraph.slotWeight(slot, O_BIAS), h);
        }
        out.allocate(OnnxDecodeGraph.slotWeight(slot, GATE_UP), h, 2L * spec.intermediateSize());
        out.allocate(OnnxDecodeGraph.slotWeight(slot, DOWN), spec.intermediateSize(), h);
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** The number of layers these buffers hold. */
  int slots() {
    return slots;
  }

  /**
   * Packs {@code weights} for {@code plan} (of {@link #slots()} layers) into these buffers, the work spread over
   * {@code pool}. When it throws, the buffers hold a mix of old and new weights and must not be used.
   */
  void fill(ModelSpec spec, WeightSet weights, LayerPlan plan, ExecutorService pool) {
    if (plan.size() != slots) {
      throw new IllegalArgumentException("buffers for " + slots + " layers cannot hold plan " + plan);
    }
    int h = spec.hiddenSize();
    List<Runnable> jobs = new ArrayList<>();
    jobs.add(() -> copy(OnnxDecodeGraph.EMBED, weights.floats(WeightNames.EMBED)));
    jobs.add(() -> copy(OnnxDecodeGraph.FINAL_NORM, weights.floats(WeightNames.FINAL_NORM)));
    transposed(jobs, OnnxDecodeGraph.HEAD, weights.floats(WeightNames.headSource(spec)), h, 0);
    for (int slot = 0; slot < plan.size(); slot++) {
      int layer = plan.layer(slot);
      String qkv = OnnxDecodeGraph.slotWeight(slot, QKV);
      String gateUp = OnnxDecodeGraph.slotWeight(slot, GATE_UP);
      String inNorm = OnnxDecodeGraph.slotWeight(slot, IN_NORM);
      String postNorm = OnnxDecodeGraph.slotWeight(slot, POST_NORM);
      jobs.add(() -> copy(inNorm, weights.floats(WeightNames.layer(layer, WeightNames.INPUT_NORM))));
      jobs.add(() -> copy(postNorm, weights.floats(WeightNames.layer(layer, WeightNames.POST_ATTENTION_NORM))));
      int column = 0;
      for (String module : List.of(WeightNames.Q_PROJ, WeightNames.K_PROJ, WeightNames.V_PROJ)) {
        FloatBuffer source = weights.floats(WeightNames.weight(layer, module));
        transposed(jobs, qkv, source, h, column);
        column += source.remaining() / h;
      }
      if (spec.qkvBias()) {
        String bias = OnnxDecodeGraph.slotWeight(slot, QKV_BIAS);
        jobs.add(() -> concatenated(bias, weights.floats(WeightNames.bias(layer, WeightNames.Q_PROJ)),
            weights.floats(WeightNames.bias(layer, WeightNames.K_PROJ)),
            weights.floats(WeightNames.bias(layer, WeightNames.V_PROJ))));
      }
      transposed(jobs, OnnxDecodeGraph.slotWeight(slot, O), weights.floats(WeightNames.weight(layer,
          WeightNames.O_PROJ)), spec.qDim(), 0);
      if (spec.outputBias()) {
        String bias = OnnxDecodeGraph.slotWeight(slot, O_BIAS);
        jobs.add(() -> copy(bias, weights.floats(WeightNames.bias(layer, WeightNames.O_PROJ))));
      }
      transposed(jobs, gateUp, weights.floats(WeightNames.weight(layer, WeightNames.GATE_PROJ)), h, 0);
      transposed(jobs, gateUp, weights.floats(WeightNames.weight(layer, WeightNames.UP_PROJ)), h,
          spec.intermediateSize());
      transposed(jobs, OnnxDecodeGraph.slotWeight(slot, DOWN), weights.floats(WeightNames.weight(layer,
          WeightNames.DOWN_PROJ)), spec.intermediateSize(), 0);
    }
    run(jobs, pool);
  }

  private static void run(List<Runnable> jobs, ExecutorService pool) {
    List<Future<?>> futures = new ArrayList<>();
    for (Runnable job : jobs) {
      futures.add(pool.submit(job));
    }
    RuntimeException failure = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r
              : new IllegalStateException("packing weights failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new IllegalStateException("interrupted while packing weights", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The weight inputs of the decode graph, by input name; owned by this object. */
  Map<String, OnnxTensor> inputs() {
    return inputs;
  }

  private void allocate(String name, long... shape) {
    long elements = WeightSet.elementCount(shape);
    ArrowBuf buf = allocator.buffer(Math.max(1, elements * Float.BYTES));
    buffers.put(name, buf);
    FloatBuffer view = buf.nioBuffer(0, Math.toIntExact(elements * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer();
    views.put(name, view);
    try {
      inputs.put(name, OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), view.duplicate(), shape));
    } catch (OrtException e) {
      throw OrtErrors.wrap("cannot wrap packed weight " + name, e);
    }
  }

  private void copy(String name, FloatBuffer source) {
    views.get(name).duplicate().put(source.duplicate());
  }

  /**
   * Adds jobs that write {@code src [rows, in]} (PyTorch {@code [out, in]} layout) transposed into the
   * {@code [in, width]} tensor {@code name}, at columns {@code column .. column + rows}: one job per
   * {@value #ROWS_PER_JOB} source rows.
   */
  private void transposed(List<Runnable> jobs, String name, FloatBuffer src, int in, int column) {
    FloatBuffer dst = views.get(name);
    int rows = src.remaining() / in;
    int width = dst.capacity() / in;
    for (int first = 0; first < rows; first += ROWS_PER_JOB) {
      int from = first;
      int to = Math.min(rows, first + ROWS_PER_JOB);
      jobs.add(() -> transposeRows(src, dst, in, width, column, from, to));
    }
  }

  /** {@code dst[c, column + r] = src[r, c]} for source rows {@code [from, to)}, tile by tile. */
  private static void transposeRows(FloatBuffer src, FloatBuffer dst, int in, int width, int column, int from,
      int to) {
    float[] tile = new float[TILE * TILE];
    float[] line = new float[TILE];
    for (int r0 = from; r0 < to; r0 += TILE) {
      int rn = Math.min(TILE, to - r0);
      for (int c0 = 0; c0 < in; c0 += TILE) {
        int cn = Math.min(TILE, in - c0);
        for (int r = 0; r < rn; r++) {
          src.get((r0 + r) * in + c0, tile, r * TILE, cn);
        }
        for (int c = 0; c < cn; c++) {
          for (int r = 0; r < rn; r++) {
            line[r] = tile[r * TILE + c];
          }
          dst.put((c0 + c) * width + column + r0, line, 0, rn);
        }
      }
    }
  }

  private void concatenated(String name, FloatBuffer... parts) {
    FloatBuffer out = views.get(name).duplicate();
    for (FloatBuffer p : parts) {
      out.put(p.duplicate());
    }
  }

  @Override
  public void close() {
    inputs.values().forEach(OnnxTensor::close);
    inputs.clear();
    views.clear();
    buffers.values().forEach(ArrowBuf::close);
    buffers.clear();
    allocator.close();
  }
}
