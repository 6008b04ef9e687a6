package dev.nestedreft.algos.reward;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredRewardFnFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Creates {@link MathAnswerReward}; one parameter, {@code tolerance} (relative, default 1e-6, {@code >= 0}). */
public final class MathAnswerRewardFactory extends DeclaredRewardFnFactory {
  static final DoubleParam TOLERANCE = DoubleParam.of("tolerance", MathAnswerReward.DEFAULT_TOLERANCE).nonNegative();

  public MathAnswerRewardFactory() {
    super(ComponentSpec.of(MathAnswerReward.NAME, "1 when the completion's final answer (last '#### x', else last "
        + "\\boxed{x}, else 'the answer is x', else the last number) equals the reference's numerically, else 0. "
        + "Integers compare exactly, other values within a relative tolerance (parameter tolerance, default 1e-6).",
        TOLERANCE), params -> new MathAnswerReward(TOLERANCE.read(params)));
  }
}
