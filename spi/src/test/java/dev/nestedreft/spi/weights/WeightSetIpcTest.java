package dev.nestedreft.spi.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeightSetIpcTest {
  /** A fresh allocator per test, closed after it: a leaked buffer fails the test (the tck's ArrowLeakCheck). */
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void roundTripIsBitIdenticalAndKeepsOrderAndShapes() {
    ModelSpec spec = ModelPresets.get("micro");
    try (WeightSet weights = WeightInitializer.initialize(spec, 5, allocator)) {
      // Values a float round trip through text or doubles would disturb.
      weights.put("odd", new long[] {2, 3}, new float[] {Float.intBitsToFloat(0x7fc00123), -0.0f, Float.MIN_VALUE,
          Float.NEGATIVE_INFINITY, Float.MAX_VALUE, 1e-45f});
      weights.put("scalar", new long[] {}, new float[] {3.5f});
      weights.put("empty", new long[] {0, 4}, new float[0]);
      byte[] bytes = WeightSetIpc.toIpcBytes(weights);
      try (WeightSet back = WeightSetIpc.fromIpcBytes(bytes, allocator, "back")) {
        assertBitIdentical(back, weights);
        assertThat(back.validateAgainst(spec, "ipc")).containsExactly("odd", "scalar", "empty");
        assertThat(back.totalBytes()).isEqualTo(weights.totalBytes());
      }
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void anEmptySetRoundTrips() {
    try (WeightSet weights = WeightSet.create(allocator, "w");
        WeightSet back = WeightSetIpc.fromIpcBytes(WeightSetIpc.toIpcBytes(weights), allocator, "back")) {
      assertThat(back.size()).isZero();
    }
  }

  @Test
  void dataThatDoesNotMatchTheShapeIsNamed() throws IOException {
    byte[] bad = stream(List.of(new Row("a", new long[] {2}, new float[] {1, 2}),
        new Row("layers.0.w", new long[] {2, 3}, new float[5])));
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(bad, allocator, "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tensor 'layers.0.w' has shape [2, 3] (6 values) but 5 values of data");
  }

  @Test
  void repeatedNamesNullsAndNegativeShapesAreRejected() throws IOException {
    byte[] twice = stream(List.of(new Row("w", new long[] {1}, new float[1]), new Row("w", new long[] {1},
        new float[1])));
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(twice, allocator, "x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tensor 'w' appears twice");
    byte[] nullName = stream(List.of(new Row(null, new long[] {1}, new float[1])));
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(nullName, allocator, "x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tensor 0 has a null name");
    byte[] nullData = stream(List.of(new Row("v", new long[] {1}, null)));
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(nullData, allocator, "x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tensor 'v' has null data");
    byte[] negative = stream(List.of(new Row("n", new long[] {-1, 2}, new float[0])));
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(negative, allocator, "x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tensor 'n' has shape [-1, 2]");
  }

  @Test
  void otherStreamsAndGarbageAreRejected() {
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(new byte[] {1, 2, 3}, allocator, "x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("weight set stream");
    assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(new byte[0], allocator, "x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("weight set stream");
    try (WeightSet weights = WeightSet.create(allocator, "w")) {
      weights.put("t", new long[] {3}, new float[] {1, 2, 3});
      byte[] bytes = WeightSetIpc.toIpcBytes(weights);
      byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);
      assertThatThrownBy(() -> WeightSetIpc.fromIpcBytes(truncated, allocator, "x"))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("weight set stream");
    }
  }

  private record Row(String name, long[] shape, float[] data) {}

  /** A stream of the weight-set schema holding {@code rows} in one batch, with no checks. */
  private byte[] stream(List<Row> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(WeightSetIpc.schema(), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      root.allocateNew();
      VarCharVector names = (VarCharVector) root.getVector(WeightSetIpc.NAME);
      UnionListWriter shapes = ((ListVector) root.getVector(WeightSetIpc.SHAPE)).getWriter();
      UnionListWriter data = ((ListVector) root.getVector(WeightSetIpc.DATA)).getWriter();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        if (r.name() != null) {
          names.setSafe(i, r.name().getBytes(StandardCharsets.UTF_8));
        } else {
          names.setNull(i);
        }
        shapes.setPosition(i);
        shapes.startList();
        for (long d : r.shape()) {
          shapes.writeBigInt(d);
        }
        shapes.endList();
        data.setPosition(i);
        if (r.data() != null) {
          data.startList();
          for (float v : r.data()) {
            data.writeFloat4(v);
          }
          data.endList();
        } else {
          data.writeNull();
        }
      }
      names.setValueCount(rows.size());
      root.getVector(WeightSetIpc.SHAPE).setValueCount(rows.size());
      root.getVector(WeightSetIpc.DATA).setValueCount(rows.size());
      root.setRowCount(rows.size());
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return out.toByteArray();
  }

  /**
   * {@code actual} holds {@code expected}'s tensors in the same order, with the same shapes and the same raw float
   * bits (a NaN's payload and the sign of zero included). The tck's {@code WeightChecks} has the same check for the
   * modules above spi.
   */
  private static void assertBitIdentical(WeightSet actual, WeightSet expected) {
    assertThat(actual.names()).containsExactlyElementsOf(expected.names());
    for (String name : expected.names()) {
      assertThat(actual.shape(name)).as(name).isEqualTo(expected.shape(name));
      float[] a = actual.toArray(name);
      float[] e = expected.toArray(name);
      assertThat(a).as(name).hasSameSizeAs(e);
      for (int i = 0; i < e.length; i++) {
        assertThat(Float.floatToRawIntBits(a[i])).as("%s[%d]", name, i).isEqualTo(Float.floatToRawIntBits(e[i]));
      }
    }
  }
}
