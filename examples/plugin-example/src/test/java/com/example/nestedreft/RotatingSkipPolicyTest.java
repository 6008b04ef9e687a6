package com.example.nestedreft;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.tck.algo.BehaviorPolicyContract;
import java.util.Map;

/** The test kit's behavior-policy contract, on models of 4, 8 and 24 layers. */
class RotatingSkipPolicyTest extends BehaviorPolicyContract {
  @Override
  protected BehaviorPolicy policy(long seed) {
    return new RotatingSkipPolicyFactory().create(Params.of("behavior 'rotating-skip'", Map.of("k", "2")), seed);
  }
}
