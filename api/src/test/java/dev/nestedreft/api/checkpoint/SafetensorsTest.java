package dev.nestedreft.api.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.testkit.ArrowLeakCheck;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest extends ArrowLeakCheck {
  @TempDir Path dir;

  @Test
  void roundTripIsBitIdentical() throws IOException {
    ModelSpec spec = ModelPresets.get("micro-qwen2");
    Path first = dir.resolve("a/model.safetensors");
    Path second = dir.resolve("b/model.safetensors");
    try (WeightSet weights = WeightInitializer.initialize(spec, 3, allocator, true)) {
      SafetensorsWriter.write(first, weights, Map.of("format", "pt"));
      try (WeightSet read = SafetensorsReader.read(first, allocator)) {
        assertThat(read.names()).containsExactlyElementsOf(weights.names());
        for (String name : weights.names()) {
          assertThat(read.shape(name)).isEqualTo(weights.shape(name));
          assertThat(floatBits(read.toArray(name))).isEqualTo(floatBits(weights.toArray(name)));
        }
        SafetensorsWriter.write(second, read, Map.of("format", "pt"));
      }
    }
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    assertThat(SafetensorsReader.header(first).metadata()).containsEntry("format", "pt");
  }

  @Test
  void headerIsPaddedToEightBytesAndDataFollows() throws IOException {
    try (WeightSet weights = WeightSet.create(allocator, "w")) {
      weights.put("a", new long[] {3}, new float[] {1f, -2f, 0.5f});
      Path file = dir.resolve("x.safetensors");
      SafetensorsWriter.write(file, weights, Map.of());
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      long headerLength = bytes.getLong();
      assertThat(headerLength % 8).isZero();
      assertThat(bytes.capacity()).isEqualTo(8 + headerLength + 12);
      assertThat(bytes.getFloat((int) (8 + headerLength) + 4)).isEqualTo(-2f);
    }
  }

  @Test
  void sixteenBitFormatsReadBackWithinTheirPrecision() {
    for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
      try (WeightSet weights = WeightSet.create(allocator, "w")) {
        float[] values = {0f, 1f, -1.5f, 3.14159f, 1e-3f, -65504f, 6.0e-8f, 1234.5f};
        weights.put("t", new long[] {2, 4}, values);
        Path file = dir.resolve(dtype + ".safetensors");
        SafetensorsWriter.write(file, weights, Map.of(), dtype);
        assertThat(SafetensorsReader.header(file).tensors().get("t").dtype()).isEqualTo(dtype);
        try (WeightSet read = SafetensorsReader.read(file, allocator)) {
          float[] back = read.toArray("t");
          double relative = dtype == DType.F16 ? 1e-3 : 8e-3;
          for (int i = 0; i < values.length; i++) {
            assertThat((double) back[i]).as("%s value %s", dtype, values[i])
                .isCloseTo(values[i], Offset.offset(Math.abs(values[i]) * relative + 1e-7));
          }
        }
      }
    }
  }

  @Test
  void halfFloatConversionIsExactOnRepresentableValues() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.f16ToFloat((short) bits);
      if (!Float.isNaN(f)) {
        assertThat(HalfFloats.floatToF16(f) & 0xffff).as("f16 bits %04x", bits).isEqualTo(bits);
      }
      float b = HalfFloats.bf16ToFloat((short) bits);
      if (!Float.isNaN(b)) {
        assertThat(HalfFloats.floatToBf16(b) & 0xffff).as("bf16 bits %04x", bits).isEqualTo(bits);
      }
    }
  }

  // ---- bad input: each is a clear error naming the file and, where there is one, the tensor ----

  @Test
  void headerLengthPastEndOfFile() throws IOException {
    Path file = raw("{}", 1000, 0);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("header length 1000 is past the end");
  }

  @Test
  void malformedHeaderJson() throws IOException {
    Path file = raw("{\"a\": {\"dtype\": \"F32\",", -1, 0);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
  }

  @Test
  void unknownDtype() throws IOException {
    Path file = raw("{\"w\": {\"dtype\": \"F12\", \"shape\": [2], \"data_offsets\": [0, 8]}}", -1, 8);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tensor 'w'").hasMessageContaining("unknown dtype 'F12'");
  }

  @Test
  void shapeDisagreesWithByteSpan() throws IOException {
    Path file = raw("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", -1, 8);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tensor 'w'").hasMessageContaining("needs 12 bytes");
  }

  @Test
  void overlappingOffsets() throws IOException {
    Path file = raw("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
        + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", -1, 12);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("overlap");
  }

  @Test
  void outOfRangeOffsets() throws IOException {
    Path file = raw("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [-8, 0]}}", -1, 8);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tensor 'a'").hasMessageContaining("out of range");
  }

  @Test
  void truncatedFile() throws IOException {
    try (WeightSet weights = WeightInitializer.initialize(ModelPresets.get("micro"), 1, allocator)) {
      Path file = dir.resolve("model.safetensors");
      SafetensorsWriter.write(file, weights, Map.of());
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
      assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining("truncated")
          .hasMessageContaining("model.norm.weight");
    }
  }

  @Test
  void tooShortFile() throws IOException {
    Path file = dir.resolve("empty.safetensors");
    Files.write(file, new byte[3]);
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("too short");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.safetensors");
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("file not found");
  }

  @Test
  void modelDirectoryRejectsShapesThatContradictTheConfig() {
    ModelSpec spec = ModelPresets.get("micro");
    Path model = dir.resolve("model");
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator)) {
      ModelDirectory.write(model, spec, weights, Provenance.of(Map.of()));
    }
    // Same weights, but a config that claims a wider MLP.
    AtomicFiles.writeString(model.resolve(ModelDirectory.CONFIG),
        HfConfig.toJson(spec.toBuilder().intermediateSize(96).build()));
    assertThatThrownBy(() -> ModelDirectory.read(model, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("model.layers.0.mlp.gate_proj.weight")
        .hasMessageContaining("[80, 32]").hasMessageContaining("[96, 32]");
  }

  @Test
  void modelDirectoryWarnsAboutExtraTensors() {
    ModelSpec spec = ModelPresets.get("micro");
    Path model = dir.resolve("model");
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator)) {
      weights.put("rotary.inv_freq", new long[] {2}, new float[] {1f, 2f});
      ModelDirectory.write(model, spec.toBuilder().build(), weights, Provenance.of(Map.of()));
    }
    try (LoadedModel loaded = ModelDirectory.read(model, allocator)) {
      assertThat(loaded.spec()).isEqualTo(spec);
      assertThat(loaded.warnings()).singleElement().asString().contains("rotary.inv_freq");
    }
  }

  private static int[] floatBits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToRawIntBits(values[i]);
    }
    return out;
  }

  /** A file with {@code header} as its JSON, a declared length (or the true one when negative) and data. */
  private Path raw(String header, long declaredLength, int dataBytes) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(declaredLength < 0 ? json.length : declaredLength).put(json);
    Path file = dir.resolve("bad-" + System.nanoTime() + ".safetensors");
    Files.write(file, out.array());
    return file;
  }
}
