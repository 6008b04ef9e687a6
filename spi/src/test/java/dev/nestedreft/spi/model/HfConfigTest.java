package dev.nestedreft.spi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import org.junit.jupiter.api.Test;

class HfConfigTest {
  private static final String QWEN = """
      {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 151936, "hidden_size": 896,
       "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2,
       "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "max_position_embeddings": 32768,
       "tie_word_embeddings": true, "hidden_act": "silu", "torch_dtype": "bfloat16", "use_sliding_window": false}
      """;

  @Test
  void readsARealQwenConfig() {
    ModelSpec spec = HfConfig.parse(QWEN, "config.json");
    assertThat(spec).isEqualTo(ModelPresets.get("qwen2.5-0.5b-shape"));
    assertThat(spec.headDim()).isEqualTo(64);
    assertThat(spec.qkvBias()).isTrue();
    assertThat(spec.outputBias()).isFalse();
  }

  @Test
  void roundTripsEveryPreset() {
    for (ModelSpec spec : ModelPresets.all().values()) {
      assertThat(HfConfig.parse(HfConfig.toJson(spec), "x")).isEqualTo(spec);
    }
  }

  @Test
  void missingFieldIsNamed() {
    String json = QWEN.replace("\"hidden_size\": 896,", "");
    assertThatThrownBy(() -> HfConfig.parse(json, "/m/config.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("/m/config.json: missing required field 'hidden_size'");
  }

  @Test
  void wrongTypedFieldIsNamed() {
    String json = QWEN.replace("\"num_hidden_layers\": 24", "\"num_hidden_layers\": \"24\"");
    assertThatThrownBy(() -> HfConfig.parse(json, "/m/config.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/m/config.json: field 'num_hidden_layers' must be an integer, got string");
    String fractional = QWEN.replace("\"vocab_size\": 151936", "\"vocab_size\": 1.5");
    assertThatThrownBy(() -> HfConfig.parse(fractional, "c")).hasMessageContaining("'vocab_size' must be an integer");
    String bool = QWEN.replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": 1");
    assertThatThrownBy(() -> HfConfig.parse(bool, "c")).hasMessageContaining("'tie_word_embeddings' must be true");
  }

  @Test
  void unsupportedArchitecturesAreRefusedByName() {
    assertThatThrownBy(() -> HfConfig.parse(QWEN.replace("\"qwen2\"", "\"gpt2\""), "c"))
        .hasMessage("c: unsupported model_type 'gpt2'; supported: llama, qwen2");
    assertThatThrownBy(() -> HfConfig.parse(QWEN.replace("\"silu\"", "\"gelu\""), "c"))
        .hasMessageContaining("'hidden_act' is 'gelu'");
    assertThatThrownBy(() -> HfConfig.parse(QWEN.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3"),
        "c")).hasMessageContaining("c: num_attention_heads (14) must be a multiple of num_key_value_heads (3)");
    assertThatThrownBy(() -> HfConfig.parse("[1, 2]", "c")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> HfConfig.parse("{\"model_type\": ", "c")).hasMessageContaining("c: not valid JSON");
  }

  @Test
  void llamaDefaults() {
    ModelSpec spec = HfConfig.parse("""
        {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
         "num_hidden_layers": 2, "num_attention_heads": 2, "rms_norm_eps": 1e-5}
        """, "c");
    assertThat(spec.numKeyValueHeads()).isEqualTo(2);
    assertThat(spec.ropeTheta()).isEqualTo(10000.0);
    assertThat(spec.tieWordEmbeddings()).isFalse();
    assertThat(spec.qkvBias()).isFalse();
  }
}
