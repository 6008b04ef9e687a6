package dev.nestedreft.spi.weights;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.io.IpcStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link WeightSet} as an Arrow IPC stream: how weights travel between processes (for example from the learner
 * to rollout workers running as Ray actors).
 *
 * <p>Format: the schema {@code name: utf8, shape: list<int64>, data: list<float32>} with the schema metadata
 * {@code nestedreft.format = weight-set} and {@code nestedreft.format_version = 1}, followed by <b>one record
 * batch per tensor</b>, each holding one row, in the set's insertion order. One batch per tensor keeps the peak
 * memory of writing and reading at one tensor's copy and keeps every list offset within Arrow's 32-bit range
 * (a tensor is at most 2 GiB, as in {@link WeightSet}). Floats are copied byte for byte, so a round trip is
 * bit-identical (NaN payloads and signed zeros included). A reader accepts any number of rows per batch.
 *
 * <p>{@link #toIpcBytes} is bounded by the 2 GiB of a Java array; {@link #write}/{@link #read} stream and have
 * no such bound.
 */
public final class WeightSetIpc {
  public static final String NAME = "name";
  public static final String SHAPE = "shape";
  public static final String DATA = "data";
  public static final String FORMAT_KEY = "nestedreft.format";
  public static final String FORMAT = "weight-set";
  public static final String VERSION_KEY = "nestedreft.format_version";
  public static final String VERSION = "1";

  private WeightSetIpc() {}

  /** The schema of the stream, with its metadata. */
  public static Schema schema() {
    Field name = new Field(NAME, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    Field shape = new Field(SHAPE, FieldType.nullable(ArrowType.List.INSTANCE),
        List.of(new Field("item", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    Field data = new Field(DATA, FieldType.nullable(ArrowType.List.INSTANCE),
        List.of(new Field("item", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null)));
    return new Schema(List.of(name, shape, data), Map.of(FORMAT_KEY, FORMAT, VERSION_KEY, VERSION));
  }

  /**
   * The set as Arrow IPC stream bytes. One tensor's copy at a time is allocated from the set's allocator and freed
   * before this returns.
   *
   * @throws IllegalArgumentException when the stream would exceed 2 GiB
   */
  public static byte[] toIpcBytes(WeightSet weights) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(
        (int) Math.min(Integer.MAX_VALUE - 8, weights.totalBytes() + 4096L * (weights.size() + 1)));
    try {
      write(weights, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    } catch (OutOfMemoryError e) {
      throw new IllegalArgumentException("weight set of " + weights.totalBytes()
          + " bytes does not fit in one byte array; use WeightSetIpc.write to a stream", e);
    }
    return out.toByteArray();
  }

  /** Writes the set to {@code out} as an Arrow IPC stream (see the class comment); does not close {@code out}. */
  public static void write(WeightSet weights, OutputStream out) throws IOException {
    try (BufferAllocator allocator = weights.allocator().newChildAllocator("weight-set-ipc-write", 0, Long.MAX_VALUE);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(nonClosing(out)))) {
      VarCharVector names = (VarCharVector) root.getVector(NAME);
      ListVector shapes = (ListVector) root.getVector(SHAPE);
      ListVector data = (ListVector) root.getVector(DATA);
      writer.start();
      for (String name : weights.names()) {
        long[] shape = weights.shape(name);
        int count = Math.toIntExact(WeightSet.elementCount(shape));
        root.allocateNew();
        names.setSafe(0, name.getBytes(StandardCharsets.UTF_8));
        names.setValueCount(1);

        shapes.startNewValue(0);
        BigIntVector dims = (BigIntVector) shapes.getDataVector();
        for (int i = 0; i < shape.length; i++) {
          dims.setSafe(i, shape[i]);
        }
        dims.setValueCount(shape.length);
        shapes.endValue(0, shape.length);
        shapes.setValueCount(1);

        data.startNewValue(0);
        Float4Vector floats = (Float4Vector) data.getDataVector();
        floats.allocateNew(count); // exactly one tensor's size, rather than doubling up to it
        floats.getDataBuffer().setBytes(0, weights.buffer(name), 0, (long) count * Float.BYTES);
        ArrowBuf validity = floats.getValidityBuffer();
        validity.setZero(0, validity.capacity());
        validity.setOne(0L, count / 8L);
        for (int i = count / 8 * 8; i < count; i++) {
          BitVectorHelper.setBit(validity, i);
        }
        floats.setValueCount(count);
        data.endValue(0, count);
        data.setValueCount(1);

        root.setRowCount(1);
        writer.writeBatch();
      }
      writer.end();
    }
  }

  /**
   * Reads a stream written by {@link #toIpcBytes}. The result allocates from a new child of {@code allocator}
   * called {@code setName}; the caller owns it.
   *
   * @throws InvalidInputException when the bytes are not such a stream, naming the tensor at fault: a null or
   *     repeated name, a missing or negative shape, or data whose length is not the shape's element count
   */
  public static WeightSet fromIpcBytes(byte[] bytes, BufferAllocator allocator, String setName) {
    IpcStreams.checkStream(bytes, "weight set stream");
    try {
      return read(new ByteArrayInputStream(bytes), allocator, setName);
    } catch (IOException e) {
      throw new InvalidInputException("weight set stream: not a readable Arrow IPC stream: " + e.getMessage(), e);
    }
  }

  /** Like {@link #fromIpcBytes}, from a stream; does not close {@code in}. */
  public static WeightSet read(InputStream in, BufferAllocator allocator, String setName) throws IOException {
    WeightSet out = WeightSet.create(allocator, setName);
    try (BufferAllocator scratch = allocator.newChildAllocator("weight-set-ipc-read", 0, Long.MAX_VALUE);
        ArrowStreamReader reader = new ArrowStreamReader(nonClosing(in), scratch)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      checkSchema(root.getSchema());
      VarCharVector names = (VarCharVector) root.getVector(NAME);
      ListVector shapes = (ListVector) root.getVector(SHAPE);
      ListVector data = (ListVector) root.getVector(DATA);
      int index = 0;
      while (reader.loadNextBatch()) {
        IpcStreams.checkLoaded(root, "weight set stream");
        for (int row = 0; row < root.getRowCount(); row++, index++) {
          readTensor(out, names, shapes, data, row, index);
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      out.close();
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof InvalidInputException) {
        throw e;
      }
      // Arrow reports a malformed stream with assorted runtime exceptions.
      throw new InvalidInputException("weight set stream: malformed Arrow IPC stream: " + e, e);
    }
  }

  private static void readTensor(WeightSet out, VarCharVector names, ListVector shapes, ListVector data, int row,
      int index) {
    if (names.isNull(row)) {
      throw InvalidInputException.of("weight set stream: tensor %d has a null name", index);
    }
    String name = new String(names.get(row), StandardCharsets.UTF_8);
    if (out.contains(name)) {
      throw InvalidInputException.of("weight set stream: tensor '%s' appears twice", name);
    }
    if (shapes.isNull(row)) {
      throw InvalidInputException.of("weight set stream: tensor '%s' has a null shape", name);
    }
    BigIntVector dims = (BigIntVector) shapes.getDataVector();
    int start = shapes.getElementStartIndex(row);
    long[] shape = new long[shapes.getElementEndIndex(row) - start];
    for (int i = 0; i < shape.length; i++) {
      if (dims.isNull(start + i)) {
        throw InvalidInputException.of("weight set stream: tensor '%s' has a null dimension %d", name, i);
      }
      shape[i] = dims.get(start + i);
    }
    for (long d : shape) {
      if (d < 0) {
        throw InvalidInputException.of("weight set stream: tensor '%s' has shape %s with a negative dimension",
            name, Arrays.toString(shape));
      }
    }
    long expected;
    try {
      expected = WeightSet.elementCount(shape);
    } catch (ArithmeticException e) {
      throw InvalidInputException.of("weight set stream: tensor '%s' has shape %s, too many elements", name,
          Arrays.toString(shape));
    }
    if (data.isNull(row)) {
      throw InvalidInputException.of("weight set stream: tensor '%s' has null data", name);
    }
    int dataStart = data.getElementStartIndex(row);
    int count = data.getElementEndIndex(row) - dataStart;
    if (count != expected) {
      throw InvalidInputException.of("weight set stream: tensor '%s' has shape %s (%d values) but %d values of data",
          name, Arrays.toString(shape), expected, count);
    }
    Float4Vector floats = (Float4Vector) data.getDataVector();
    if (floats.getNullCount() > 0) {
      for (int i = 0; i < count; i++) {
        if (floats.isNull(dataStart + i)) {
          throw InvalidInputException.of("weight set stream: tensor '%s' has a null value at index %d", name, i);
        }
      }
    }
    if ((long) count * Float.BYTES > Integer.MAX_VALUE) {
      throw InvalidInputException.of("weight set stream: tensor '%s' is larger than 2 GiB", name);
    }
    out.allocate(name, shape);
    out.buffer(name).setBytes(0, floats.getDataBuffer(), (long) dataStart * Float.BYTES, (long) count * Float.BYTES);
  }

  private static void checkSchema(Schema schema) {
    Schema expected = schema();
    if (!expected.getFields().equals(schema.getFields())) {
      throw InvalidInputException.of("weight set stream: schema %s is not the weight-set schema %s",
          schema.getFields(), expected.getFields());
    }
    Map<String, String> metadata = schema.getCustomMetadata();
    String version = metadata == null ? null : metadata.get(VERSION_KEY);
    if (metadata == null || !FORMAT.equals(metadata.get(FORMAT_KEY)) || !VERSION.equals(version)) {
      throw InvalidInputException.of("weight set stream: metadata %s does not mark format '%s' version %s",
          metadata, FORMAT, VERSION);
    }
  }

  private static InputStream nonClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
