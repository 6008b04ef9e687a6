package dev.nestedreft.spi.model;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Hugging Face {@code model_type} values this project computes. Both are the same decoder-only architecture
 * (RMSNorm, rotate-half RoPE, grouped-query causal attention, SwiGLU MLP); they differ only in where attention
 * projections carry biases.
 */
public enum ModelType {
  /** LlamaForCausalLM: biases on q, k, v and o projections only when {@code attention_bias} is true. */
  LLAMA("llama"),
  /** Qwen2ForCausalLM: biases on q, k and v always, never on o. */
  QWEN2("qwen2");

  private final String hfName;

  ModelType(String hfName) {
    this.hfName = hfName;
  }

  /** The value of {@code model_type} in a Hugging Face {@code config.json}. */
  public String hfName() {
    return hfName;
  }

  public static ModelType fromHfName(String name) {
    for (ModelType type : values()) {
      if (type.hfName.equals(name.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw InvalidInputException.of(
        "unsupported model_type '%s'; supported: %s",
        name, Arrays.stream(values()).map(ModelType::hfName).collect(Collectors.joining(", ")));
  }
}
