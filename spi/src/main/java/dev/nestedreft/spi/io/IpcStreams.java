package dev.nestedreft.spi.io;

import dev.nestedreft.spi.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Checks for Arrow IPC streams read from bytes, which Arrow Java's stream reader trusts: it allocates whatever
 * length a message declares (a heap array for the metadata, a buffer for the body), and loads offsets and lengths
 * into vectors without comparing them with their buffers, so that a damaged stream fails later, anywhere, with any
 * runtime exception, or asks for gigabytes. {@link #checkFraming} walks the messages first, so that no declared
 * length reaches past the bytes at hand; {@link #checkLoaded} validates what a batch loaded before it is read.
 * Both throw {@link InvalidInputException} naming what the stream was meant to hold.
 *
 * <p>The stream format: messages, each an optional continuation marker ({@code 0xFFFFFFFF}), a little-endian 32-bit
 * metadata length, the metadata (a flatbuffer {@code Message} holding the body's length) and the body; a metadata
 * length of 0, or the end of the bytes, ends the stream.
 */
public final class IpcStreams {
  private static final int CONTINUATION = 0xFFFFFFFF;

  private IpcStreams() {}

  /**
   * Checks that {@code bytes} are complete messages, a schema and then record batches: every metadata length and
   * body length fits in the bytes that follow it, and every record batch's counts and buffers fit too.
   *
   * @param what the stream's content, for messages ({@code "rollout batch"})
   * @throws InvalidInputException naming the message and the length that does not fit
   */
  public static void checkFraming(byte[] bytes, String what) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
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
      long body;
      try {
        body = checkMessage(Message.getRootAsMessage(metadata), index, in.remaining(), what);
      } catch (InvalidInputException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new InvalidInputException(String.format("%s: Arrow IPC stream: message %d has unreadable metadata: "
            + "%s", what, index, e), e);
      }
      in.position(in.position() + (int) body);
      index++;
    }
    if (in.hasRemaining()) {
      throw InvalidInputException.of("%s: Arrow IPC stream: %d stray bytes after message %d", what, in.remaining(),
          index);
    }
  }

  /**
   * The body length of {@code message}, after checking what Arrow's reader takes from its metadata without a check
   * of its own (and, for a record batch, after allocating the body, which it then leaks when a check of its own
   * fails): the first message is the schema and every later one a record batch; a record batch's length and node
   * counts fit an {@code int}, its buffers lie within its body, and its body is not compressed.
   */
  private static long checkMessage(Message message, int index, int available, String what) {
    long body = message.bodyLength();
    if (body < 0 || body > available) {
      throw InvalidInputException.of("%s: Arrow IPC stream: message %d declares a %d-byte body, but %d bytes "
          + "follow", what, index, body, available);
    }
    byte expected = index == 0 ? MessageHeader.Schema : MessageHeader.RecordBatch;
    if (message.headerType() != expected) {
      throw InvalidInputException.of("%s: Arrow IPC stream: message %d is a %s, expected a %s", what, index,
          headerName(message.headerType()), MessageHeader.name(expected));
    }
    if (expected == MessageHeader.Schema) {
      return body;
    }
    RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
    if (batch == null) {
      throw InvalidInputException.of("%s: Arrow IPC stream: record batch %d has no header", what, index);
    }
    checkCount(batch.length(), "row count", index, what);
    for (int i = 0; i < batch.nodesLength(); i++) {
      FieldNode node = batch.nodes(i);
      checkCount(node.length(), "field length", index, what);
      checkCount(node.nullCount(), "null count", index, what);
    }
    for (int i = 0; i < batch.buffersLength(); i++) {
      Buffer buffer = batch.buffers(i);
      if (buffer.offset() < 0 || buffer.length() < 0 || buffer.offset() > body - buffer.length()) {
        throw InvalidInputException.of("%s: Arrow IPC stream: record batch %d: buffer %d [%d, +%d) lies outside "
            + "its %d-byte body", what, index, i, buffer.offset(), buffer.length(), body);
      }
    }
    if (batch.compression() != null) {
      throw InvalidInputException.of("%s: Arrow IPC stream: record batch %d is compressed; only uncompressed "
          + "streams are read", what, index);
    }
    for (int i = 0; i < batch.variadicBufferCountsLength(); i++) {
      checkCount(batch.variadicBufferCounts(i), "variadic buffer count", index, what);
    }
    return body;
  }

  private static void checkCount(long value, String name, int index, String what) {
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw InvalidInputException.of("%s: Arrow IPC stream: record batch %d: %s %d is not in [0, 2^31 - 1]", what,
          index, name, value);
    }
  }

  private static String headerName(byte type) {
    return type >= 0 && type < MessageHeader.names.length ? MessageHeader.name(type) : "message of type " + type;
  }

  /**
   * Validates every vector of {@code root} as loaded: buffers as long as the value counts need, offsets
   * increasing and within the child vectors, so that reading any value stays in bounds.
   *
   * @throws InvalidInputException naming the stream's content and Arrow's complaint
   */
  public static void checkLoaded(VectorSchemaRoot root, String what) {
    try {
      ValueVectorUtility.validateFull(root);
    } catch (RuntimeException e) {
      throw new InvalidInputException(what + ": Arrow IPC stream: inconsistent record batch: " + e.getMessage(), e);
    }
  }
}
