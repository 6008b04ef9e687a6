package dev.nestedreft.spi.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes {@link ModelSpec} as a Hugging Face {@code config.json}. Unknown fields are ignored (real
 * configs carry many); a missing required field, a field of the wrong JSON type or an architecture option this
 * project does not compute is an {@link InvalidInputException} naming the file and the field.
 */
public final class HfConfig {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private HfConfig() {}

  /** Parses {@code file}. */
  public static ModelSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of("%s: file not found", file);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param source the name used in error messages (usually the file path)
   */
  public static ModelSpec parse(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          source + ": not valid JSON: " + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of("%s: expected a JSON object at the top level", source);
    }
    Fields f = new Fields(root, source);
    ModelType type;
    try {
      type = ModelType.fromHfName(f.requiredString("model_type"));
    } catch (InvalidInputException e) {
      throw prefixed(source, e);
    }
    if (root.hasNonNull("rope_scaling")) {
      throw InvalidInputException.of("%s: field 'rope_scaling' is set; scaled RoPE is not supported yet", source);
    }
    if (f.optionalBoolean("mlp_bias", false)) {
      throw InvalidInputException.of("%s: field 'mlp_bias' is true; MLP biases are not supported", source);
    }
    String act = f.optionalString("hidden_act", "silu");
    if (!act.equals("silu")) {
      throw InvalidInputException.of("%s: field 'hidden_act' is '%s'; only 'silu' is supported", source, act);
    }
    try {
      return ModelSpec.builder()
          .modelType(type)
          .vocabSize(f.requiredInt("vocab_size"))
          .hiddenSize(f.requiredInt("hidden_size"))
          .intermediateSize(f.requiredInt("intermediate_size"))
          .numHiddenLayers(f.requiredInt("num_hidden_layers"))
          .numAttentionHeads(f.requiredInt("num_attention_heads"))
          .numKeyValueHeads(f.optionalInt("num_key_value_heads", 0))
          .headDim(f.optionalInt("head_dim", 0))
          .rmsNormEps(f.requiredNumber("rms_norm_eps"))
          .ropeTheta(f.optionalNumber("rope_theta", ModelSpec.DEFAULT_ROPE_THETA))
          .maxPositionEmbeddings(f.optionalInt("max_position_embeddings", 2048))
          .tieWordEmbeddings(f.optionalBoolean("tie_word_embeddings", false))
          .attentionBias(f.optionalBoolean("attention_bias", false))
          .build();
    } catch (InvalidInputException e) {
      throw prefixed(source, e);
    }
  }

  private static InvalidInputException prefixed(String source, InvalidInputException e) {
    return e.getMessage().startsWith(source + ":") ? e : new InvalidInputException(source + ": " + e.getMessage(), e);
  }

  /** The JSON text of a {@code config.json} for {@code spec}, with the architecture names transformers expects. */
  public static String toJson(ModelSpec spec) {
    ObjectNode o = JSON.createObjectNode();
    o.putArray("architectures").add(spec.modelType() == ModelType.QWEN2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
    o.put("model_type", spec.modelType().hfName());
    o.put("vocab_size", spec.vocabSize());
    o.put("hidden_size", spec.hiddenSize());
    o.put("intermediate_size", spec.intermediateSize());
    o.put("num_hidden_layers", spec.numHiddenLayers());
    o.put("num_attention_heads", spec.numAttentionHeads());
    o.put("num_key_value_heads", spec.numKeyValueHeads());
    o.put("head_dim", spec.headDim());
    o.put("hidden_act", "silu");
    o.put("rms_norm_eps", spec.rmsNormEps());
    o.put("rope_theta", spec.ropeTheta());
    o.put("max_position_embeddings", spec.maxPositionEmbeddings());
    o.put("tie_word_embeddings", spec.tieWordEmbeddings());
    if (spec.modelType() == ModelType.LLAMA) {
      o.put("attention_bias", spec.attentionBias());
      o.put("mlp_bias", false);
    }
    o.put("torch_dtype", "float32");
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Typed field access with messages that name the file and the field. */
  private record Fields(JsonNode root, String source) {
    private JsonNode required(String name) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        throw InvalidInputException.of("%s: missing required field '%s'", source, name);
      }
      return node;
    }

    private InvalidInputException wrongType(String name, String expected, JsonNode node) {
      return InvalidInputException.of(
          "%s: field '%s' must be %s, got %s %s", source, name, expected,
          node.getNodeType().name().toLowerCase(Locale.ROOT), node);
    }

    int requiredInt(String name) {
      return asInt(name, required(name));
    }

    int optionalInt(String name, int fallback) {
      JsonNode node = root.get(name);
      return node == null || node.isNull() ? fallback : asInt(name, node);
    }

    private int asInt(String name, JsonNode node) {
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw wrongType(name, "an integer", node);
      }
      return node.intValue();
    }

    double requiredNumber(String name) {
      return asNumber(name, required(name));
    }

    double optionalNumber(String name, double fallback) {
      JsonNode node = root.get(name);
      return node == null || node.isNull() ? fallback : asNumber(name, node);
    }

    private double asNumber(String name, JsonNode node) {
      if (!node.isNumber()) {
        throw wrongType(name, "a number", node);
      }
      return node.doubleValue();
    }

    boolean optionalBoolean(String name, boolean fallback) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isBoolean()) {
        throw wrongType(name, "true or false", node);
      }
      return node.booleanValue();
    }

    String requiredString(String name) {
      JsonNode node = required(name);
      if (!node.isTextual()) {
        throw wrongType(name, "a string", node);
      }
      return node.textValue();
    }

    String optionalString(String name, String fallback) {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isTextual()) {
        throw wrongType(name, "a string", node);
      }
      return node.textValue();
    }
  }
}
