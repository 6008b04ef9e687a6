package com.example.nestedreft;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code soft-clip}: token-level importance weights squashed smoothly below a cap, {@code w_t = c · tanh(ρ_t / c)}
 * with {@code ρ_t = π_target / π_behavior}. Close to {@code ρ_t} for small ratios (on-policy, {@code ρ = 1}, gives
 * {@code c · tanh(1 / c)}, 0.924 for {@code c = 2}), never above {@code c}; biased, bounded. A token counts as
 * clipped when its weight is below 90% of its ratio.
 */
final class SoftClipCorrection implements OffPolicyCorrection {
  static final String NAME = "soft-clip";

  private final double cap;

  SoftClipCorrection(double cap) {
    this.cap = cap;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages) {
    List<float[]> out = new ArrayList<>();
    long clipped = 0;
    for (int i = 0; i < tokens.sequences(); i++) {
      float[] w = new float[tokens.length(i)];
      for (int t = 0; t < w.length; t++) {
        double ratio = Math.exp(Math.min(tokens.logRatio(i, t), 700));
        w[t] = (float) (cap * Math.tanh(ratio / cap));
        clipped += w[t] < 0.9 * ratio ? 1 : 0;
      }
      out.add(w);
    }
    long total = tokens.totalTokens();
    return CorrectionWeights.of(out, total == 0 ? 0 : (double) clipped / total);
  }
}
