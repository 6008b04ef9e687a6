package com.example.nestedreft;

import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.tck.algo.RewardFnContract;
import java.util.List;
import java.util.Map;

/** The test kit's reward contract, plus the scores this reward documents. */
class AnswerMatchRewardTest extends RewardFnContract {
  @Override
  protected RewardFn reward() {
    return new AnswerMatchRewardFactory().create(Params.of("reward 'answer-match'", Map.of("partial", "0.5")));
  }

  @Override
  protected double minScore() {
    return 0;
  }

  @Override
  protected double maxScore() {
    return 1;
  }

  @Override
  protected List<Example> examples() {
    return List.of(Example.of("7*8=56 #### 56", "56", 1.0), Example.of("#### 56 ", " 56", 1.0),
        Example.of("56 is it #### 55", "56", 0.5), Example.of("#### 55", "56", 0.0), Example.of("", "56", 0.0));
  }
}
