package dev.nestedreft.api.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link WeightSet} as a safetensors file, written from the format's specification: an 8-byte
 * little-endian header length, a JSON header (tensor name to dtype, shape and {@code data_offsets}; string
 * {@code __metadata__}) padded with spaces to a multiple of 8 bytes, then the tensor bytes back to back in the
 * weight set's order. The file is written atomically.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsWriter() {}

  /** Writes every tensor as F32. */
  public static void write(Path file, WeightSet weights, Map<String, String> metadata) {
    write(file, weights, metadata, DType.F32);
  }

  /**
   * Writes every tensor as {@code dtype} (F32, F16 or BF16; the 16-bit types round to nearest even).
   */
  public static void write(Path file, WeightSet weights, Map<String, String> metadata, DType dtype) {
    checkArgument(dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16,
        "safetensors: can write F32, F16 or BF16, not %s", dtype);
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (String name : weights.names()) {
      long bytes = WeightSet.elementCount(weights.shape(name)) * dtype.size();
      ObjectNode entry = header.putObject(name);
      entry.put("dtype", dtype.name());
      ArrayNode shape = entry.putArray("shape");
      for (long d : weights.shape(name)) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json;
    try {
      json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    AtomicFiles.write(file, channel -> {
      writeFully(channel, head);
      for (String name : weights.names()) {
        writeTensor(channel, weights.floats(name), dtype);
      }
    });
  }

  private static void writeTensor(FileChannel channel, FloatBuffer values, DType dtype) throws IOException {
    int chunk = 1 << 16;
    ByteBuffer out = ByteBuffer.allocate(chunk * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
    while (values.hasRemaining()) {
      out.clear();
      int n = Math.min(chunk, values.remaining());
      for (int i = 0; i < n; i++) {
        float v = values.get();
        switch (dtype) {
          case F32 -> out.putFloat(v);
          case F16 -> out.putShort(HalfFloats.floatToF16(v));
          case BF16 -> out.putShort(HalfFloats.floatToBf16(v));
          default -> throw new IllegalStateException(dtype.name());
        }
      }
      out.flip();
      writeFully(channel, out);
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
