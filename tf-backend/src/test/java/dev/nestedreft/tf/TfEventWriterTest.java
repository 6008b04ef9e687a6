package dev.nestedreft.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** The event files hold TFRecord-framed {@code Event} protos with the scalars, as TensorBoard reads them. */
@Tag("native")
class TfEventWriterTest {
  @TempDir Path dir;

  @Test
  void writesScalarEventsTensorBoardCanRead() throws IOException {
    try (var writer = new TfEventWriterProvider().open(dir)) {
      for (long step = 1; step <= 3; step++) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("reward_mean", step * 0.25);
        scalars.put("loss", 1.0 / step);
        scalars.put("not_finite", Double.NaN);
        writer.write(step, scalars);
      }
      writer.flush();
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).toList();
    }
    assertThat(files).hasSize(1);
    Map<String, List<Float>> seen = new LinkedHashMap<>();
    for (Event event : read(files.get(0))) {
      for (Summary.Value v : event.getSummary().getValueList()) {
        float value = v.hasTensor() ? v.getTensor().getFloatVal(0) : v.getSimpleValue();
        seen.computeIfAbsent(v.getTag(), k -> new ArrayList<>()).add(value);
      }
    }
    assertThat(seen).containsOnlyKeys("reward_mean", "loss");
    assertThat(seen.get("reward_mean")).containsExactly(0.25f, 0.5f, 0.75f);
    assertThat(seen.get("loss")).containsExactly(1.0f, 0.5f, 1f / 3);
  }

  /** TFRecord framing: uint64 length, uint32 masked CRC, data, uint32 masked CRC. */
  private static List<Event> read(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buffer.remaining() >= 12) {
      long length = buffer.getLong();
      buffer.getInt();
      byte[] data = new byte[(int) length];
      buffer.get(data);
      buffer.getInt();
      events.add(Event.parseFrom(data));
    }
    assertThat(buffer.remaining()).isZero();
    return events;
  }
}
