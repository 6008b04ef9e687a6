package dev.nestedreft.algos.reward;

import com.google.common.collect.Maps;
import dev.nestedreft.spi.algo.ChoiceParam;
import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredRewardFnFactory;
import java.util.Arrays;

/** Creates {@link FormatReward}; one parameter, {@code marker} = {@code hash}, {@code boxed} or {@code any}. */
public final class FormatRewardFactory extends DeclaredRewardFnFactory {
  static final ChoiceParam<AnswerMarker> MARKER = ChoiceParam.of("marker", AnswerMarker.ANY.spelling(),
      Maps.uniqueIndex(Arrays.asList(AnswerMarker.values()), AnswerMarker::spelling),
      "must be one of hash, boxed, any");

  public FormatRewardFactory() {
    super(ComponentSpec.of(FormatReward.NAME, "Shaping reward: 1 when the completion contains a well-formed "
        + "final-answer marker ('#### <number>' or a \\boxed{...} with balanced braces), else 0. Parameter marker = "
        + "hash | boxed | any (default any).", MARKER), params -> new FormatReward(MARKER.read(params)));
  }
}
