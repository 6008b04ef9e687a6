package dev.nestedreft.algos.reward;

import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardFnFactory;

/** Creates {@link FormatReward}; one parameter, {@code marker} = {@code hash}, {@code boxed} or {@code any}. */
public final class FormatRewardFactory implements RewardFnFactory {
  @Override
  public String name() {
    return FormatReward.NAME;
  }

  @Override
  public String description() {
    return "Shaping reward: 1 when the completion contains a well-formed final-answer marker ('#### <number>' or a"
        + " \\boxed{...} with balanced braces), else 0. Parameter marker = hash | boxed | any (default any).";
  }

  @Override
  public RewardFn create(Params params) {
    params.allowOnly("marker");
    String spelling = params.getString("marker", AnswerMarker.ANY.spelling());
    AnswerMarker marker = AnswerMarker.parse(spelling).orElse(null);
    params.require(marker != null, "marker", "must be one of hash, boxed, any");
    return new FormatReward(marker);
  }
}
