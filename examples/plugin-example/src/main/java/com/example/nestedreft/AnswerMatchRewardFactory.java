package com.example.nestedreft;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredRewardFnFactory;
import dev.nestedreft.spi.algo.DoubleParam;

/** Registers {@link AnswerMatchReward} as {@code answer-match}; parameter {@code partial} (default 0, in [0, 1]). */
public final class AnswerMatchRewardFactory extends DeclaredRewardFnFactory {
  private static final DoubleParam PARTIAL = DoubleParam.of("partial", 0.0)
      .where(v -> v >= 0 && v <= 1, "must be in [0, 1]");

  public AnswerMatchRewardFactory() {
    super(ComponentSpec.of(AnswerMatchReward.NAME, "1 when the text after the last #### is the reference answer, "
        + "partial when the reference appears elsewhere, else 0", PARTIAL),
        params -> new AnswerMatchReward(PARTIAL.read(params)));
  }
}
