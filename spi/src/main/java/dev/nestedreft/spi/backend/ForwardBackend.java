package dev.nestedreft.spi.backend;

import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;

/**
 * A model loaded in one backend that computes logits for any {@link LayerPlan}. Every backend computes the same
 * function (the Hugging Face Llama/Qwen2 forward pass restricted to the plan's layers); the parity tests hold them
 * to 1e-4 of each other in fp32.
 *
 * <p>Owns native resources until {@link #close()}. Not thread-safe: use one per thread.
 */
public interface ForwardBackend extends AutoCloseable {
  /** The provider name this backend came from, e.g. {@code "tf"} or {@code "onnx"}. */
  String name();

  ModelSpec spec();

  /**
   * Logits of every position of every row, running only the plan's decoder layers.
   *
   * @throws dev.nestedreft.spi.InvalidInputException for a plan of another model size or tokens outside the
   *     vocabulary
   */
  Logits logits(TokenBatch tokens, LayerPlan plan);

  /**
   * The argument checks every backend makes before computing: the plan is for a model of {@code spec}'s depth
   * and every token is in its vocabulary.
   *
   * @throws dev.nestedreft.spi.InvalidInputException naming the plan or the offending token
   */
  static void checkInputs(ModelSpec spec, TokenBatch tokens, LayerPlan plan) {
    spec.checkPlan(plan);
    tokens.checkVocabulary(spec.vocabSize());
  }

  /** Frees the backend's native resources. */
  @Override
  void close();
}
