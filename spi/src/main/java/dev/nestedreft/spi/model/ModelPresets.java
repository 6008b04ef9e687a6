package dev.nestedreft.spi.model;

import com.google.common.collect.ImmutableMap;
import dev.nestedreft.spi.InvalidInputException;

/**
 * Named architectures for generated models. {@code tiny} is the embedded default the demo trains; {@code micro}
 * and {@code micro-qwen2} are small enough for unit tests and cover the two shapes the backends must agree on
 * (grouped-query attention with a tied head; q/k/v biases with an untied head); {@code qwen2.5-0.5b-shape} has
 * the shapes of Qwen2.5-0.5B for scale checks with random weights.
 */
public final class ModelPresets {
  /** Vocabulary of the generated presets: byte-level ASCII, enough for the character tokenizer of the tasks. */
  public static final int SMALL_VOCAB = 128;

  private static final ImmutableMap<String, ModelSpec> PRESETS = ImmutableMap.of(
      "tiny", ModelSpec.builder()
          .modelType(ModelType.LLAMA).vocabSize(SMALL_VOCAB).hiddenSize(128).intermediateSize(352)
          .numHiddenLayers(8).numAttentionHeads(4).numKeyValueHeads(2).maxPositionEmbeddings(512)
          .tieWordEmbeddings(true).build(),
      "micro", ModelSpec.builder()
          .modelType(ModelType.LLAMA).vocabSize(64).hiddenSize(32).intermediateSize(80)
          .numHiddenLayers(4).numAttentionHeads(4).numKeyValueHeads(2).maxPositionEmbeddings(128)
          .tieWordEmbeddings(true).build(),
      "micro-qwen2", ModelSpec.builder()
          .modelType(ModelType.QWEN2).vocabSize(72).hiddenSize(48).intermediateSize(96)
          .numHiddenLayers(4).numAttentionHeads(4).numKeyValueHeads(4).maxPositionEmbeddings(128)
          .ropeTheta(1_000_000.0).tieWordEmbeddings(false).build(),
      "qwen2.5-0.5b-shape", ModelSpec.builder()
          .modelType(ModelType.QWEN2).vocabSize(151936).hiddenSize(896).intermediateSize(4864)
          .numHiddenLayers(24).numAttentionHeads(14).numKeyValueHeads(2).maxPositionEmbeddings(32768)
          .ropeTheta(1_000_000.0).tieWordEmbeddings(true).build());

  private ModelPresets() {}

  public static ImmutableMap<String, ModelSpec> all() {
    return PRESETS;
  }

  /** The preset called {@code name}; an unknown name gets an error listing the presets. */
  public static ModelSpec get(String name) {
    ModelSpec spec = PRESETS.get(name);
    if (spec == null) {
      throw InvalidInputException.of("unknown preset '%s'; available: %s", name, String.join(", ", PRESETS.keySet()));
    }
    return spec;
  }
}
