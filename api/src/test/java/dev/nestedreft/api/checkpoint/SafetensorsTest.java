package dev.nestedreft.api.checkpoint;

import static dev.nestedreft.tck.support.WeightChecks.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
        assertBitIdentical(read, weights);
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

  /** Headers the reader refuses: what is wrong, the JSON, its declared length (-1: the true one), data bytes, error. */
  static Stream<Arguments> badHeaders() {
    return Stream.of(
        Arguments.of("header length past the end of the file", "{}", 1000L, 0,
            new String[] {"header length 1000 is past the end"}),
        Arguments.of("malformed header JSON", "{\"a\": {\"dtype\": \"F32\",", -1L, 0,
            new String[] {"not valid JSON"}),
        Arguments.of("unknown dtype",
            "{\"w\": {\"dtype\": \"F12\", \"shape\": [2], \"data_offsets\": [0, 8]}}", -1L, 8,
            new String[] {"tensor 'w'", "unknown dtype 'F12'"}),
        Arguments.of("shape disagrees with the byte span",
            "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", -1L, 8,
            new String[] {"tensor 'w'", "needs 12 bytes"}),
        Arguments.of("overlapping offsets",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", -1L, 12,
            new String[] {"'a'", "'b'", "overlap"}),
        Arguments.of("out-of-range offsets",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [-8, 0]}}", -1L, 8,
            new String[] {"tensor 'a'", "out of range"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHeaders")
  void badHeader(String what, String header, long declaredLength, int dataBytes, String[] message)
      throws IOException {
    assertUnreadable(raw(header, declaredLength, dataBytes), message);
  }

  @Test
  void truncatedFile() throws IOException {
    try (WeightSet weights = WeightInitializer.initialize(ModelPresets.get("micro"), 1, allocator)) {
      Path file = dir.resolve("model.safetensors");
      SafetensorsWriter.write(file, weights, Map.of());
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
      assertUnreadable(file, "truncated", "model.norm.weight");
    }
  }

  @Test
  void tooShortFile() throws IOException {
    Path file = dir.resolve("empty.safetensors");
    Files.write(file, new byte[3]);
    assertUnreadable(file, "too short");
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.safetensors");
    assertUnreadable(file, "file not found");
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

  /** A buffer that older Hugging Face checkpoints saved and that the config's rope_theta determines is tolerated. */
  @Test
  void modelDirectoryWarnsAboutRotaryBuffers() {
    ModelSpec spec = ModelPresets.get("micro");
    Path model = dir.resolve("model");
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator)) {
      weights.put("model.layers.0.self_attn.rotary_emb.inv_freq", new long[] {2}, new float[] {1f, 2f});
      ModelDirectory.write(model, spec.toBuilder().build(), weights, Provenance.of(Map.of()));
    }
    try (LoadedModel loaded = ModelDirectory.read(model, allocator)) {
      assertThat(loaded.spec()).isEqualTo(spec);
      assertThat(loaded.warnings()).singleElement().asString()
          .contains("ignoring 1 tensor(s) recomputed from the config: model.layers.0.self_attn.rotary_emb.inv_freq");
    }
  }

  /** A config saying 4 layers beside the tensors of 8 fails, naming the layers it would have ignored. */
  @Test
  void modelDirectoryRefusesTensorsTheConfigDoesNotUse() {
    ModelSpec four = ModelPresets.get("micro");
    ModelSpec eight = four.toBuilder().numHiddenLayers(8).build();
    Path model = dir.resolve("model");
    try (WeightSet weights = WeightInitializer.initialize(eight, 1, allocator)) {
      weights.put("stray.bias", new long[] {2}, new float[] {1f, 2f});
      ModelDirectory.write(model, eight, weights, Provenance.of(Map.of()));
    }
    AtomicFiles.writeString(model.resolve(ModelDirectory.CONFIG), HfConfig.toJson(four));
    int perLayer = WeightNames.expectedForLayer(four, 0).size();
    assertThatThrownBy(() -> ModelDirectory.read(model, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(model.resolve(ModelDirectory.WEIGHTS) + ": " + (4 * perLayer + 1)
            + " tensor(s) that config.json (4 layers) does not use: model.layers.4.* (" + perLayer + " tensors), "
            + "model.layers.5.* (" + perLayer + " tensors), model.layers.6.* (" + perLayer + " tensors), "
            + "model.layers.7.* (" + perLayer + " tensors), stray.bias")
        .hasMessageContaining("the weights and config.json do not describe the same model");
  }

  /** A config saying 6 layers beside the tensors of 4 fails, naming every missing tensor's layer. */
  @Test
  void modelDirectoryNamesEveryMissingTensor() {
    ModelSpec four = ModelPresets.get("micro");
    Path model = dir.resolve("model");
    try (WeightSet weights = WeightInitializer.initialize(four, 1, allocator)) {
      ModelDirectory.write(model, four, weights, Provenance.of(Map.of()));
    }
    AtomicFiles.writeString(model.resolve(ModelDirectory.CONFIG),
        HfConfig.toJson(four.toBuilder().numHiddenLayers(6).build()));
    assertThatThrownBy(() -> ModelDirectory.read(model, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("that config.json (6 layers) needs are missing: model.layers.4.* (")
        .hasMessageContaining("model.layers.5.* (");
  }

  /** Reading {@code file} fails with an {@link InvalidInputException} that names the file and says {@code what}. */
  private void assertUnreadable(Path file, String... what) {
    assertThatThrownBy(() -> SafetensorsReader.read(file, allocator))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString()).hasMessageContainingAll(what);
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
