package dev.nestedreft.api.ray;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one codec of the messages that cross actor calls: every message is a record, written as JSON bytes. The
 * bulk data (weights, rollout batches) never goes through it: they travel as Arrow IPC bytes, by object reference
 * where the driver does not read them. A {@link ModelSpec} is written as its Hugging Face {@code config.json} and a
 * {@link LayerPlan} as its layer count and layers, so their own validation runs on the receiving side. Doubles and
 * floats are written in their shortest round-tripping form (NaN and infinities as strings), so the receiver sees
 * exactly the sender's values.
 */
final class Wire {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new SimpleModule("nested-reft-wire")
          .addSerializer(ModelSpec.class, new ModelSpecSerializer())
          .addDeserializer(ModelSpec.class, new ModelSpecDeserializer())
          .addSerializer(LayerPlan.class, new LayerPlanSerializer())
          .addDeserializer(LayerPlan.class, new LayerPlanDeserializer()))
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Wire() {}

  static byte[] encode(Object message) {
    try {
      return JSON.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a message written by {@link #encode}.
   *
   * @throws IllegalArgumentException naming the message type when the bytes are not one
   */
  static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a valid " + type.getSimpleName() + " message: " + e.getMessage(), e);
    }
  }

  private static final class ModelSpecSerializer extends JsonSerializer<ModelSpec> {
    @Override
    public void serialize(ModelSpec spec, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeTree(JSON.readTree(HfConfig.toJson(spec)));
    }
  }

  private static final class ModelSpecDeserializer extends JsonDeserializer<ModelSpec> {
    @Override
    public ModelSpec deserialize(JsonParser in, DeserializationContext context) throws IOException {
      JsonNode node = in.readValueAsTree();
      return HfConfig.parse(node.toString(), "model config message");
    }
  }

  private static final class LayerPlanSerializer extends JsonSerializer<LayerPlan> {
    @Override
    public void serialize(LayerPlan plan, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeStartObject();
      out.writeNumberField("num_layers", plan.numLayers());
      out.writeArrayFieldStart("layers");
      for (int layer : plan.layers()) {
        out.writeNumber(layer);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
  }

  private static final class LayerPlanDeserializer extends JsonDeserializer<LayerPlan> {
    @Override
    public LayerPlan deserialize(JsonParser in, DeserializationContext context) throws IOException {
      JsonNode node = in.readValueAsTree();
      JsonNode layers = node.path("layers");
      int[] out = new int[layers.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = layers.get(i).intValue();
      }
      return LayerPlan.of(node.path("num_layers").intValue(), true, out);
    }
  }
}
