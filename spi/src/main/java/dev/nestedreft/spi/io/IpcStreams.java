package dev.nestedreft.spi.io;

import dev.nestedreft.spi.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.FloatingPoint;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.flatbuf.Type;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Checks for Arrow IPC streams read from bytes, which Arrow Java's stream reader trusts: it allocates whatever
 * length a message declares (a heap array for the metadata, a buffer for the body), and loads offsets and lengths
 * into vectors without comparing them with their buffers, so that a damaged stream fails later, anywhere, with any
 * runtime exception, or asks for gigabytes. {@link #checkStream} walks the messages first, so that no declared
 * length reaches past the bytes at hand; {@link #checkLoaded} validates what a batch loaded before it is read.
 * Both throw {@link InvalidInputException} naming what the stream was meant to hold.
 *
 * <p>The stream format: messages, each an optional continuation marker ({@code 0xFFFFFFFF}), a little-endian 32-bit
 * metadata length, the metadata (a flatbuffer {@code Message} holding the body's length) and the body; a metadata
 * length of 0, or the end of the bytes, ends the stream.
 */
public final class IpcStreams {
  /** The deepest nesting of columns read (a list of lists is 2). */
  public static final int MAX_DEPTH = 8;

  /** The most columns, nested ones included, of a schema read. */
  public static final int MAX_COLUMNS = 1024;

  private static final int CONTINUATION = 0xFFFFFFFF;

  private IpcStreams() {}

  /**
   * Checks that {@code bytes} are a schema and record batches that Arrow's reader can load without a failure of its
   * own: every metadata length and body length fits in the bytes that follow it; the schema's columns are of the
   * types read here (integers, floating point, UTF-8 and binary strings, lists), nested at most
   * {@value #MAX_DEPTH} deep and not dictionary-encoded; and every record batch has a field node per column and the
   * buffers its type needs, each within its body and long enough for its values, with offsets from 0, never
   * decreasing, and within their data (a list's within its child column).
   *
   * @param what the stream's content, for messages ({@code "rollout batch"})
   * @throws InvalidInputException naming the message, the column or the length that does not fit
   */
  public static void checkStream(byte[] bytes, String what) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<Column> columns = List.of();
    int index = 0;
    while (in.remaining() >= Integer.BYTES) {
      int length = in.getInt();
      if (length == CONTINUATION) {
        if (in.remaining() < Integer.BYTES) {
          throw InvalidInputException.of("%s: Arrow IPC stream: message %d has a continuation marker but no "
              + "length", what, index);
        }
        length = in.getInt();
      }
      if (length == 0) {
        return; // the end-of-stream marker
      }
      if (length < 0 || length > in.remaining()) {
        throw InvalidInputException.of("%s: Arrow IPC stream: message %d declares %d bytes of metadata, but %d "
            + "bytes follow", what, index, Integer.toUnsignedLong(length), in.remaining());
      }
      ByteBuffer metadata = in.slice().limit(length).order(ByteOrder.LITTLE_ENDIAN);
      in.position(in.position() + length);
      try {
        Message message = Message.getRootAsMessage(metadata);
        long body = message.bodyLength();
        if (body < 0 || body > in.remaining()) {
          throw InvalidInputException.of("%s: Arrow IPC stream: message %d declares a %d-byte body, but %d bytes "
              + "follow", what, index, body, in.remaining());
        }
        ByteBuffer bodyBytes = in.slice().limit((int) body).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + (int) body);
        byte expected = index == 0 ? MessageHeader.Schema : MessageHeader.RecordBatch;
        if (message.headerType() != expected) {
          throw InvalidInputException.of("%s: Arrow IPC stream: message %d is a %s, expected a %s", what, index,
              headerName(message.headerType()), MessageHeader.name(expected));
        }
        if (index == 0) {
          Schema schema = (Schema) message.header(new Schema());
          columns = columns(schema, what);
        } else {
          RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
          new BatchCheck(batch, bodyBytes, what + ": Arrow IPC stream: record batch " + index).check(columns);
        }
      } catch (InvalidInputException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new InvalidInputException(String.format("%s: Arrow IPC stream: message %d has unreadable metadata: "
            + "%s", what, index, e), e);
      }
      index++;
    }
    if (in.hasRemaining()) {
      throw InvalidInputException.of("%s: Arrow IPC stream: %d stray bytes after message %d", what, in.remaining(),
          index);
    }
  }

  /** A column of the schema: how its values are laid out, and its child column for a list. */
  private record Column(String name, Layout layout, int width, Column child) {}

  private enum Layout { FIXED, VARIABLE, LIST }

  private static List<Column> columns(Schema schema, String what) {
    if (schema == null) {
      throw InvalidInputException.of("%s: Arrow IPC stream: the schema message has no schema", what);
    }
    List<Column> out = new ArrayList<>();
    int[] count = {0};
    for (int i = 0; i < schema.fieldsLength(); i++) {
      out.add(column(schema.fields(i), 1, count, what));
    }
    return out;
  }

  private static Column column(Field field, int depth, int[] count, String what) {
    if (field == null) {
      throw InvalidInputException.of("%s: Arrow IPC stream: the schema has an empty field", what);
    }
    String name = field.name();
    if (depth > MAX_DEPTH || ++count[0] > MAX_COLUMNS) {
      throw InvalidInputException.of("%s: Arrow IPC stream: the schema nests deeper than %d or holds more than %d "
          + "columns (at '%s')", what, MAX_DEPTH, MAX_COLUMNS, name);
    }
    if (field.dictionary() != null) {
      throw InvalidInputException.of("%s: Arrow IPC stream: column '%s' is dictionary-encoded", what, name);
    }
    byte type = field.typeType();
    int children = field.childrenLength();
    if (type == Type.List) {
      if (children != 1) {
        throw InvalidInputException.of("%s: Arrow IPC stream: list column '%s' has %d child columns, not 1", what,
            name, children);
      }
      return new Column(name, Layout.LIST, 0, column(field.children(0), depth + 1, count, what));
    }
    if (children != 0) {
      throw InvalidInputException.of("%s: Arrow IPC stream: column '%s' of type %s has child columns", what, name,
          typeName(type));
    }
    if (type == Type.Utf8 || type == Type.Binary) {
      return new Column(name, Layout.VARIABLE, 0, null);
    }
    int width;
    if (type == Type.Int) {
      int bits = ((Int) field.type(new Int())).bitWidth();
      width = bits == 8 || bits == 16 || bits == 32 || bits == 64 ? bits / 8 : 0;
    } else if (type == Type.FloatingPoint) {
      short precision = ((FloatingPoint) field.type(new FloatingPoint())).precision();
      width = precision == Precision.HALF ? 2 : precision == Precision.SINGLE ? 4
          : precision == Precision.DOUBLE ? 8 : 0;
    } else {
      throw InvalidInputException.of("%s: Arrow IPC stream: column '%s' is of type %s; integers, floating point, "
          + "strings and lists are read", what, name, typeName(type));
    }
    if (width == 0) {
      throw InvalidInputException.of("%s: Arrow IPC stream: column '%s' has an invalid width", what, name);
    }
    return new Column(name, Layout.FIXED, width, null);
  }

  /** One record batch against the schema's columns: walks its field nodes and buffers in Arrow's order. */
  private static final class BatchCheck {
    private final RecordBatch batch;
    private final ByteBuffer body;
    private final String where;
    private int node;
    private int buffer;

    BatchCheck(RecordBatch batch, ByteBuffer body, String where) {
      if (batch == null) {
        throw new InvalidInputException(where + " has no header");
      }
      this.batch = batch;
      this.body = body;
      this.where = where;
    }

    void check(List<Column> columns) {
      if (batch.compression() != null) {
        throw new InvalidInputException(where + " is compressed; only uncompressed streams are read");
      }
      if (batch.variadicBufferCountsLength() != 0) {
        throw new InvalidInputException(where + " has variadic buffers");
      }
      long rows = count(batch.length(), "row count");
      for (Column c : columns) {
        long length = check(c);
        if (length != rows) {
          throw InvalidInputException.of("%s: column %s has %d values, the batch %d rows", where, c.name(), length,
              rows);
        }
      }
      if (node != batch.nodesLength() || buffer != batch.buffersLength()) {
        throw InvalidInputException.of("%s has %d field nodes and %d buffers; its columns use %d and %d", where,
            batch.nodesLength(), batch.buffersLength(), node, buffer);
      }
    }

    /** Checks {@code c}'s node and buffers (and its child's); returns its value count. */
    private long check(Column c) {
      if (node >= batch.nodesLength()) {
        throw InvalidInputException.of("%s: no field node for column %s", where, c.name());
      }
      FieldNode fieldNode = batch.nodes(node++);
      long n = count(fieldNode.length(), "length of column " + c.name());
      long nulls = count(fieldNode.nullCount(), "null count of column " + c.name());
      if (nulls > n) {
        throw InvalidInputException.of("%s: column %s has %d nulls in %d values", where, c.name(), nulls, n);
      }
      Buffer validity = next(c);
      if (nulls > 0 && validity.length() < (n + 7) / 8) {
        throw InvalidInputException.of("%s: column %s: validity buffer of %d bytes for %d values", where, c.name(),
            validity.length(), n);
      }
      switch (c.layout()) {
        case FIXED -> {
          Buffer data = next(c);
          if (data.length() < n * c.width()) {
            throw InvalidInputException.of("%s: column %s: %d bytes of data for %d values of %d bytes", where,
                c.name(), data.length(), n, c.width());
          }
        }
        case VARIABLE -> {
          Buffer offsets = next(c);
          Buffer data = next(c);
          checkOffsets(c, offsets, n, data.length());
        }
        case LIST -> {
          Buffer offsets = next(c);
          checkOffsets(c, offsets, n, check(c.child()));
        }
        default -> throw new IllegalStateException(c.layout().name());
      }
      return n;
    }

    private Buffer next(Column c) {
      if (buffer >= batch.buffersLength()) {
        throw InvalidInputException.of("%s: too few buffers for column %s", where, c.name());
      }
      Buffer b = batch.buffers(buffer++);
      if (b.offset() < 0 || b.length() < 0 || b.offset() > body.limit() - b.length()) {
        throw InvalidInputException.of("%s: buffer %d [%d, +%d) of column %s lies outside the %d-byte body", where,
            buffer - 1, b.offset(), b.length(), c.name(), body.limit());
      }
      return b;
    }

    /** An offset per value and one more, from 0 up, never decreasing, the last at most {@code limit}. */
    private void checkOffsets(Column c, Buffer offsets, long n, long limit) {
      if (offsets.length() < (n + 1) * Integer.BYTES) {
        throw InvalidInputException.of("%s: column %s has %d values but %d bytes of offsets", where, c.name(), n,
            offsets.length());
      }
      int previous = 0;
      for (int i = 0; i <= n; i++) {
        int offset = body.getInt((int) offsets.offset() + i * Integer.BYTES);
        if (offset < previous || offset > limit) {
          throw InvalidInputException.of("%s: column %s: offset %d is %d, outside [%d, %d]", where, c.name(), i,
              offset, previous, limit);
        }
        previous = offset;
      }
    }

    private long count(long value, String name) {
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw InvalidInputException.of("%s: %s %d is not in [0, 2^31 - 1]", where, name, value);
      }
      return value;
    }
  }

  private static String headerName(byte type) {
    return type >= 0 && type < MessageHeader.names.length ? MessageHeader.name(type) : "message of type " + type;
  }

  private static String typeName(byte type) {
    return type >= 0 && type < Type.names.length ? Type.name(type) : "type " + type;
  }

  /**
   * Validates every vector of {@code root} as loaded: each offsets buffer holds an offset per value and one more,
   * from 0 or more, never decreasing, up to the values of its child vector (or bytes of its data), so that every
   * read stays in bounds and no list asks for a longer array than the batch holds; then Arrow's own full
   * validation (buffers as long as the value counts need). Arrow's validation alone accepts a negative first
   * offset, and an offsets buffer too short for a batch of no rows, which its writer then cannot write back.
   *
   * @throws InvalidInputException naming the stream's content, the column and what is wrong
   */
  public static void checkLoaded(VectorSchemaRoot root, String what) {
    for (FieldVector vector : root.getFieldVectors()) {
      checkOffsets(vector, what);
    }
    try {
      ValueVectorUtility.validateFull(root);
    } catch (RuntimeException e) {
      throw new InvalidInputException(what + ": Arrow IPC stream: inconsistent record batch: " + e.getMessage(), e);
    }
  }

  private static void checkOffsets(FieldVector vector, String what) {
    long limit;
    if (vector instanceof BaseRepeatedValueVector list) {
      limit = list.getDataVector().getValueCount();
    } else if (vector instanceof BaseVariableWidthVector text) {
      limit = text.getDataBuffer().capacity();
    } else {
      limit = -1;
    }
    if (limit >= 0) {
      ArrowBuf offsets = vector.getOffsetBuffer();
      int count = vector.getValueCount();
      if (offsets.capacity() < (count + 1L) * Integer.BYTES) {
        throw InvalidInputException.of("%s: Arrow IPC stream: column %s has %d values but %d bytes of offsets", what,
            vector.getName(), count, offsets.capacity());
      }
      int previous = 0;
      for (int i = 0; i <= count; i++) {
        int offset = offsets.getInt((long) i * Integer.BYTES);
        if (offset < previous || offset > limit) {
          throw InvalidInputException.of("%s: Arrow IPC stream: column %s: offset %d is %d, outside [%d, %d]", what,
              vector.getName(), i, offset, previous, limit);
        }
        previous = offset;
      }
    }
    for (FieldVector child : vector.getChildrenFromFields()) {
      checkOffsets(child, what);
    }
  }
}
