package dev.nestedreft.spi.algo;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Per-token weights from an {@link OffPolicyCorrection}, with the fraction of tokens whose weight was changed by
 * clipping, truncation or masking (0 for corrections that never clip).
 */
public record CorrectionWeights(ImmutableList<float[]> weights, double clippedFraction) {
  public static CorrectionWeights of(List<float[]> weights, double clippedFraction) {
    return new CorrectionWeights(ImmutableList.copyOf(weights), clippedFraction);
  }
}
