package com.example.nestedreft;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.tck.algo.OffPolicyCorrectionContract;

/** The test kit's correction contract; on-policy data weighs {@code c · tanh(1 / c)}, not 1. */
class SoftClipCorrectionTest extends OffPolicyCorrectionContract {
  @Override
  protected OffPolicyCorrection correction() {
    return new SoftClipCorrectionFactory().create(Params.none("correction 'soft-clip'"));
  }

  @Override
  protected double onPolicyWeight() {
    return 2 * Math.tanh(0.5);
  }
}
