package dev.nestedreft.api.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads safetensors files into fp32 {@link WeightSet}s, validating everything before a byte of tensor data is
 * used: the header length lies within the file, the header is a JSON object, every dtype is known and readable,
 * every shape times its element size equals its byte span, and spans are in bounds and do not overlap. Every
 * error names the file and, where there is one, the tensor.
 */
public final class SafetensorsReader {
  /** The reference implementation's cap on header size. */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tensor's header entry. */
  public record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

  /** A parsed, validated header. */
  public record Header(Map<String, Entry> tensors, Map<String, String> metadata, long dataStart, long fileSize) {}

  private SafetensorsReader() {}

  /** Parses and validates the header of {@code file} without reading tensor data. */
  public static Header header(Path file) {
    try (FileChannel channel = open(file)) {
      return header(file, channel);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads every tensor of {@code file} into a new weight set allocated from {@code allocator}; the caller owns
   * it.
   */
  public static WeightSet read(Path file, BufferAllocator allocator) {
    try (FileChannel channel = open(file)) {
      Header header = header(file, channel);
      WeightSet weights = WeightSet.create(allocator, "safetensors:" + file.getFileName());
      try {
        for (Entry e : header.tensors().values()) {
          FloatBuffer out = weights.allocate(e.name(), e.shape());
          long length = e.end() - e.begin();
          if (length > 0) {
            MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + e.begin(),
                length);
            data.order(ByteOrder.LITTLE_ENDIAN);
            decode(data, e.dtype(), out);
          }
        }
        return weights;
      } catch (RuntimeException | IOException ex) {
        weights.close();
        throw ex;
      }
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static FileChannel open(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of("%s: file not found", file);
    }
  }

  private static void decode(ByteBuffer data, DType dtype, FloatBuffer out) {
    switch (dtype) {
      case F32 -> out.put(data.asFloatBuffer());
      case F16 -> {
        while (out.hasRemaining()) {
          out.put(HalfFloats.f16ToFloat(data.getShort()));
        }
      }
      case BF16 -> {
        while (out.hasRemaining()) {
          out.put(HalfFloats.bf16ToFloat(data.getShort()));
        }
      }
      case F64 -> {
        while (out.hasRemaining()) {
          out.put((float) data.getDouble());
        }
      }
      default -> throw new IllegalStateException("unreadable dtype " + dtype);
    }
  }

  private static Header header(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw InvalidInputException.of("%s: %d bytes is too short for a safetensors file (needs an 8-byte header "
          + "length)", file, size);
    }
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, lengthBytes, 0);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength < 2 || headerLength > size - 8) {
      throw InvalidInputException.of("%s: header length %s is past the end of the file (%d bytes after the "
          + "length field); the file is truncated or not safetensors", file, Long.toUnsignedString(headerLength),
          size - 8);
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw InvalidInputException.of("%s: header length %d exceeds the %d-byte limit", file, headerLength,
          MAX_HEADER_BYTES);
    }
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    readFully(channel, headerBytes, 8);
    String text = new String(headerBytes.array(), StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(file + ": the header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of("%s: the header must be a JSON object", file);
    }
    long dataStart = 8 + headerLength;
    long dataLength = size - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, Entry> tensors = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("__metadata__")) {
        readMetadata(file, field.getValue(), metadata);
      } else {
        Entry entry = entry(file, field.getKey(), field.getValue());
        if (entry.end() > dataLength) {
          throw InvalidInputException.of("%s: tensor '%s' data_offsets [%d, %d] run past the end of the data "
              + "(%d bytes); the file is truncated", file, entry.name(), entry.begin(), entry.end(), dataLength);
        }
        tensors.put(entry.name(), entry);
      }
    }
    checkNoOverlap(file, tensors);
    return new Header(ImmutableMap.copyOf(tensors), ImmutableMap.copyOf(metadata), dataStart, size);
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
    if (!node.isObject()) {
      throw InvalidInputException.of("%s: __metadata__ must be an object of strings", file);
    }
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw InvalidInputException.of("%s: __metadata__ value '%s' must be a string", file, e.getKey());
      }
      out.put(e.getKey(), e.getValue().textValue());
    });
  }

  private static Entry entry(Path file, String name, JsonNode node) {
    if (!node.isObject()) {
      throw InvalidInputException.of("%s: tensor '%s': expected an object with dtype, shape and data_offsets",
          file, name);
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw InvalidInputException.of("%s: tensor '%s': missing or non-string 'dtype'", file, name);
    }
    DType dtype = DType.parse(dtypeNode.textValue()).orElseThrow(() -> InvalidInputException.of(
        "%s: tensor '%s': unknown dtype '%s'; known: %s", file, name, dtypeNode.textValue(),
        Arrays.toString(DType.values())));
    if (!dtype.readable()) {
      throw InvalidInputException.of("%s: tensor '%s': dtype %s cannot hold weights; expected F32, F16, BF16 or "
          + "F64", file, name, dtype);
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw InvalidInputException.of("%s: tensor '%s': missing or non-array 'shape'", file, name);
    }
    long[] shape = new long[shapeNode.size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw InvalidInputException.of("%s: tensor '%s': shape %s has an invalid dimension %s", file, name,
            shapeNode, d);
      }
      shape[i] = d.longValue();
      try {
        elements = Math.multiplyExact(elements, shape[i]);
      } catch (ArithmeticException e) {
        throw InvalidInputException.of("%s: tensor '%s': shape %s overflows", file, name, shapeNode);
      }
    }
    JsonNode offsets = node.get("data_offsets");
    if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()) {
      throw InvalidInputException.of("%s: tensor '%s': 'data_offsets' must be two integers [begin, end]", file,
          name);
    }
    long begin = offsets.get(0).longValue();
    long end = offsets.get(1).longValue();
    if (begin < 0 || end < begin) {
      throw InvalidInputException.of("%s: tensor '%s': data_offsets [%d, %d] are out of range", file, name, begin,
          end);
    }
    long expected = elements * dtype.size();
    if (end - begin != expected) {
      throw InvalidInputException.of("%s: tensor '%s': shape %s of %s needs %d bytes, but data_offsets [%d, %d] "
          + "span %d", file, name, Arrays.toString(shape), dtype, expected, begin, end, end - begin);
    }
    if (elements > Integer.MAX_VALUE / Float.BYTES) {
      throw InvalidInputException.of("%s: tensor '%s': %d elements exceed the 2 GiB per-tensor limit", file, name,
          elements);
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static void checkNoOverlap(Path file, Map<String, Entry> tensors) {
    List<Entry> sorted = new ArrayList<>(tensors.values());
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    for (int i = 1; i < sorted.size(); i++) {
      Entry previous = sorted.get(i - 1);
      Entry current = sorted.get(i);
      if (current.begin() < previous.end() && current.end() > current.begin()) {
        throw InvalidInputException.of("%s: tensors '%s' [%d, %d] and '%s' [%d, %d] overlap", file,
            previous.name(), previous.begin(), previous.end(), current.name(), current.begin(), current.end());
      }
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new EOFException("unexpected end of file at byte " + at);
      }
      at += n;
    }
  }
}
