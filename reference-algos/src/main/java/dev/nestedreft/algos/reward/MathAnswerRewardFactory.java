package dev.nestedreft.algos.reward;

import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardFnFactory;

/** Creates {@link MathAnswerReward}; one parameter, {@code tolerance} (relative, default 1e-6, {@code >= 0}). */
public final class MathAnswerRewardFactory implements RewardFnFactory {
  @Override
  public String name() {
    return MathAnswerReward.NAME;
  }

  @Override
  public String description() {
    return "1 when the completion's final answer (last '#### x', else last \\boxed{x}, else 'the answer is x',"
        + " else the last number) equals the reference's numerically, else 0. Integers compare exactly, other"
        + " values within a relative tolerance (parameter tolerance, default 1e-6).";
  }

  @Override
  public RewardFn create(Params params) {
    params.allowOnly("tolerance");
    double tolerance = params.getDouble("tolerance", MathAnswerReward.DEFAULT_TOLERANCE);
    params.require(tolerance >= 0, "tolerance", "must be >= 0");
    return new MathAnswerReward(tolerance);
  }
}
