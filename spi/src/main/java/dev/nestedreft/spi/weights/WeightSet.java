package dev.nestedreft.spi.weights;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelSpec;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Named fp32 tensors held in Arrow memory: the weights of one model, as both backends and the checkpoint code
 * exchange them. Tensors are dense, row-major and little-endian.
 *
 * <p>Ownership: a weight set allocates from a child of the allocator it is given and frees everything on
 * {@link #close()}; closing it twice is harmless. Views returned by {@link #floats} are valid until then. Not
 * thread-safe for mutation; concurrent reads of a set that is no longer changing are safe.
 */
public final class WeightSet implements AutoCloseable {
  private final BufferAllocator allocator;
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private boolean closed;

  /** One tensor: its shape and the Arrow buffer holding {@code product(shape)} floats. */
  private record Tensor(long[] shape, ArrowBuf buffer) {}

  private WeightSet(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /**
   * An empty weight set allocating from a new child of {@code parent}.
   *
   * @param name the child allocator's name, shown in Arrow's leak reports
   */
  public static WeightSet create(BufferAllocator parent, String name) {
    return new WeightSet(parent.newChildAllocator(name, 0, Long.MAX_VALUE));
  }

  /** Number of elements of a tensor of {@code shape}. */
  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      checkArgument(d >= 0, "negative dimension in shape %s", Arrays.toString(shape));
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * Allocates a zeroed tensor and returns a writable view of it. Replaces any tensor of the same name.
   *
   * @return a little-endian view of the new tensor, valid until this set is closed
   */
  public FloatBuffer allocate(String name, long[] shape) {
    checkState(!closed, "weight set is closed");
    long bytes = Math.multiplyExact(elementCount(shape), (long) Float.BYTES);
    checkArgument(bytes <= Integer.MAX_VALUE, "tensor %s is larger than 2 GiB", name);
    ArrowBuf buffer = allocator.buffer(Math.max(bytes, 1));
    buffer.setZero(0, buffer.capacity());
    Tensor previous = tensors.put(name, new Tensor(shape.clone(), buffer));
    if (previous != null) {
      previous.buffer().close();
    }
    return view(buffer, bytes);
  }

  /** Copies {@code values} into a new tensor called {@code name}. */
  public void put(String name, long[] shape, float[] values) {
    checkArgument(elementCount(shape) == values.length,
        "tensor %s: shape %s holds %s values, got %s", name, Arrays.toString(shape), elementCount(shape),
        values.length);
    allocate(name, shape).put(values);
  }

  private static FloatBuffer view(ArrowBuf buffer, long bytes) {
    return buffer.nioBuffer(0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  /** The set's own allocator: scratch space for code that serializes it (see {@link WeightSetIpc}). */
  BufferAllocator allocator() {
    checkState(!closed, "weight set is closed");
    return allocator;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** Tensor names in insertion order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  public int size() {
    return tensors.size();
  }

  /** The shape of {@code name}; a fresh copy. */
  public long[] shape(String name) {
    return tensor(name).shape().clone();
  }

  /** A read-only little-endian view of the tensor's floats, valid until this set is closed. */
  public FloatBuffer floats(String name) {
    Tensor t = tensor(name);
    return view(t.buffer(), elementCount(t.shape()) * Float.BYTES).asReadOnlyBuffer();
  }

  /** The tensor's Arrow buffer; owned by this set, valid until it is closed. */
  public ArrowBuf buffer(String name) {
    return tensor(name).buffer();
  }

  /** A fresh heap copy of the tensor's floats. */
  public float[] toArray(String name) {
    FloatBuffer view = floats(name);
    float[] out = new float[view.remaining()];
    view.get(out);
    return out;
  }

  /** Total bytes of tensor data. */
  public long totalBytes() {
    long total = 0;
    for (Tensor t : tensors.values()) {
      total += elementCount(t.shape()) * Float.BYTES;
    }
    return total;
  }

  private Tensor tensor(String name) {
    checkState(!closed, "weight set is closed");
    Tensor t = tensors.get(name);
    if (t == null) {
      throw InvalidInputException.of("no tensor named '%s' in the weights", name);
    }
    return t;
  }

  /**
   * Checks that every tensor {@code spec} needs is present with the right shape.
   *
   * @param source the file or origin named in errors
   * @return the names of tensors present that the spec does not use (for a warning)
   * @throws InvalidInputException naming the first missing or mis-shaped tensor
   */
  public List<String> validateAgainst(ModelSpec spec, String source) {
    Map<String, long[]> expected = WeightNames.expected(spec);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      if (!tensors.containsKey(e.getKey())) {
        throw InvalidInputException.of("%s: missing tensor '%s' (expected shape %s)", source, e.getKey(),
            Arrays.toString(e.getValue()));
      }
      long[] actual = tensors.get(e.getKey()).shape();
      if (!Arrays.equals(actual, e.getValue())) {
        throw InvalidInputException.of("%s: tensor '%s' has shape %s, but the config implies %s", source,
            e.getKey(), Arrays.toString(actual), Arrays.toString(e.getValue()));
      }
    }
    List<String> extra = new ArrayList<>();
    for (String name : tensors.keySet()) {
      if (!expected.containsKey(name)) {
        extra.add(name);
      }
    }
    return ImmutableList.copyOf(extra);
  }

  /**
   * A deep copy allocated from a new sibling allocator (a child of the same parent), so the copy outlives this
   * set and is accounted to the same root. The caller owns the copy.
   */
  public WeightSet copy(String name) {
    checkState(!closed, "weight set is closed");
    BufferAllocator parent = allocator.getParentAllocator();
    WeightSet out = new WeightSet((parent == null ? allocator : parent).newChildAllocator(name, 0, Long.MAX_VALUE));
    try {
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        out.allocate(e.getKey(), e.getValue().shape()).put(floats(e.getKey()));
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** Frees every tensor and the child allocator. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Tensor t : tensors.values()) {
      t.buffer().close();
    }
    tensors.clear();
    allocator.close();
  }
}
