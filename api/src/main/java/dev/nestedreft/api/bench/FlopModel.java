package dev.nestedreft.api.bench;

import dev.nestedreft.spi.model.ModelSpec;

/**
 * Floating-point operations of generation, for the ideal speed-up of a nested plan. Counted (a multiply-add is
 * 2 FLOPs):
 *
 * <ul>
 *   <li>per token per decoder layer: the q/k/v, o, gate, up and down projections,
 *       {@code 2·H·(q + 2·kv) + 2·q·H + 6·H·ff}, plus attention over {@code ctx} keys, {@code 4·heads·d·ctx};
 *   <li>the head, {@code 2·H·V}, once per sampled token (the graphs compute it for the last position only);
 *   <li>sampling, {@value #SAMPLING_FLOPS_PER_LOGIT}·V per sampled token (scale, max, exp, sum, draw);
 *   <li>the embedding lookup, norms, RoPE and softmax are not counted (linear in H, negligible here).
 * </ul>
 */
public final class FlopModel {
  public static final int SAMPLING_FLOPS_PER_LOGIT = 5;

  private final ModelSpec spec;

  public FlopModel(ModelSpec spec) {
    this.spec = spec;
  }

  /** One token through one decoder layer with {@code context} visible keys. */
  public double layer(int context) {
    double h = spec.hiddenSize();
    return 2 * h * (spec.qDim() + 2.0 * spec.kvDim()) + 2.0 * spec.qDim() * h + 6 * h * spec.intermediateSize()
        + 4.0 * spec.numAttentionHeads() * spec.headDim() * context;
  }

  /** The head and the sampling of one token. */
  public double headAndSampling() {
    return 2.0 * spec.hiddenSize() * spec.vocabSize() + SAMPLING_FLOPS_PER_LOGIT * (double) spec.vocabSize();
  }

  /**
   * Generation with the key-value cache through {@code layers} decoder layers: each prompt prefilled once, then
   * {@code samples} sequences per prompt each sampling {@code newTokens} tokens.
   */
  public double generation(int[] promptLengths, int samples, int newTokens, int layers) {
    double total = 0;
    for (int length : promptLengths) {
      for (int t = 1; t <= length; t++) {
        total += layers * layer(t);
      }
      total += samples * newTokens * headAndSampling();
      for (int j = 1; j < newTokens; j++) {
        total += samples * layers * layer(length + j);
      }
    }
    return total;
  }
}
