package dev.nestedreft.api.learn;

import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A correction registered from the test class path only, as a third-party jar would: a constant weight
 * {@code w_t = scale}.
 */
public final class ThirdPartyCorrectionFactory implements OffPolicyCorrectionFactory {
  @Override
  public String name() {
    return "third-party-constant";
  }

  @Override
  public String description() {
    return "constant weight (test only)";
  }

  @Override
  public OffPolicyCorrection create(Params params) {
    double scale = params.allowOnly("scale").getDouble("scale", 0.5);
    return new OffPolicyCorrection() {
      @Override
      public String name() {
        return "third-party-constant";
      }

      @Override
      public CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < tokens.sequences(); i++) {
          float[] w = new float[tokens.length(i)];
          Arrays.fill(w, (float) scale);
          out.add(w);
        }
        return CorrectionWeights.of(out, 0);
      }
    };
  }
}
