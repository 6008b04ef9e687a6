package dev.nestedreft.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-value cache between decoding steps: per planned layer, {@code [rows, kv_heads, length, head_dim]} keys and
 * values. It holds either the tensors of the last step's result (fed back without a copy) or tensors it built
 * itself when rows were replicated (a prompt's prefill shared by its samples) or dropped (finished sequences).
 * Owns whatever it holds until replaced or closed.
 */
final class KvCache implements AutoCloseable {
  private final int slots;
  private final int kvHeads;
  private final int headDim;
  private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
  private OrtSession.Result owner;
  private final List<OnnxTensor> built = new ArrayList<>();
  private int rows;
  private int length;

  KvCache(int slots, int kvHeads, int headDim) {
    this.slots = slots;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
  }

  /** An empty cache ({@code length} 0) for {@code rows} rows. */
  void empty(int rows) throws OrtException {
    OnnxTensor empty = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
        ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()).asFloatBuffer(),
        new long[] {rows, kvHeads, 0, headDim});
    replace(null, List.of(empty));
    for (int k = 0; k < slots; k++) {
      tensors.put(OnnxDecodeGraph.pastKey(k), empty);
      tensors.put(OnnxDecodeGraph.pastValue(k), empty);
    }
    this.rows = rows;
    this.length = 0;
  }

  /** Takes the present tensors of {@code result} as the new cache; the cache now owns the result. */
  void adopt(OrtSession.Result result, int rows) {
    replace(result, List.of());
    for (int k = 0; k < slots; k++) {
      tensors.put(OnnxDecodeGraph.pastKey(k), (OnnxTensor) result.get(OnnxDecodeGraph.presentKey(k)).orElseThrow());
      tensors.put(OnnxDecodeGraph.pastValue(k),
          (OnnxTensor) result.get(OnnxDecodeGraph.presentValue(k)).orElseThrow());
    }
    this.rows = rows;
    this.length = (int) tensors.get(OnnxDecodeGraph.pastKey(0)).getInfo().getShape()[2];
  }

  /**
   * Rebuilds the cache with row {@code i} taken from old row {@code sources[i]}: replication (one prompt row to
   * its samples) and compaction (dropping finished rows) are both this.
   */
  void gather(int[] sources) throws OrtException {
    int rowFloats = kvHeads * length * headDim;
    Map<String, OnnxTensor> next = new LinkedHashMap<>();
    List<OnnxTensor> made = new ArrayList<>();
    for (Map.Entry<String, OnnxTensor> e : tensors.entrySet()) {
      FloatBuffer old = e.getValue().getFloatBuffer();
      FloatBuffer out = ByteBuffer.allocateDirect(sources.length * rowFloats * Float.BYTES)
          .order(ByteOrder.nativeOrder()).asFloatBuffer();
      for (int source : sources) {
        out.put(old.slice(source * rowFloats, rowFloats));
      }
      out.rewind();
      OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), out,
          new long[] {sources.length, kvHeads, length, headDim});
      made.add(tensor);
      next.put(e.getKey(), tensor);
    }
    replace(null, made);
    tensors.putAll(next);
    this.rows = sources.length;
  }

  /** The past inputs of the next step, by input name. */
  Map<String, OnnxTensor> inputs() {
    return tensors;
  }

  int rows() {
    return rows;
  }

  int length() {
    return length;
  }

  private void replace(OrtSession.Result result, List<OnnxTensor> tensorsBuilt) {
    close();
    owner = result;
    built.addAll(tensorsBuilt);
  }

  @Override
  public void close() {
    if (owner != null) {
      owner.close();
      owner = null;
    }
    built.forEach(OnnxTensor::close);
    built.clear();
    tensors.clear();
  }
}
