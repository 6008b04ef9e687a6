package dev.nestedreft.algos.contract;

import static dev.nestedreft.tck.algo.RewardFnContract.Example.of;

import dev.nestedreft.algos.reward.WeightedReward;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.tck.algo.RewardFnContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tck's reward contract for every registered reward with its default parameters, the other choices of
 * {@code format}'s marker, and a weighted composition ({@link WeightedReward}), each with its documented range
 * [0, 1] and a few documented scores (docs/ALGORITHMS.md, Rewards).
 */
@ParameterizedClass(name = "{0}")
@ExtendWith(CaseName.class)
@MethodSource("cases")
class RewardContractTest extends RewardFnContract {
  /** Documented scores, by the case's text. */
  private static final Map<String, List<Example>> EXAMPLES = Map.of(
      "math-answer", List.of(of("7*8 = 56, so #### 56", "56", 1), of("#### 55", "56", 0), of("", "56", 0),
          of("The answer is \\boxed{\\frac{1}{2}}", "0.5", 1), of("#### 1,234", "Total: #### 1234", 1)),
      "format", List.of(of("#### 5", "7", 1), of("\\boxed{x+1}", "7", 1), of("the answer is 7", "7", 0),
          of("\\boxed{", "7", 0)),
      "format marker=hash", List.of(of("#### 5", "7", 1), of("\\boxed{5}", "7", 0)),
      "format marker=boxed", List.of(of("#### 5", "7", 0), of("\\boxed{5}", "7", 1)),
      "0.9*math-answer+0.1*format", List.of(of("#### 56", "56", 1), of("#### 55", "56", 0.1), of("56", "56", 0.9),
          of("", "56", 0)));

  /** A reward to check: a registered name with parameters, or a weighted composition ({@code a:0.9,b:0.1}). */
  record Case(String name, String params) {
    @Override
    public String toString() {
      return params.isEmpty() ? name : name + " " + params;
    }
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    Registered.rewards().all().keySet().forEach(name -> out.add(new Case(name, "")));
    out.add(new Case("format", "marker=hash"));
    out.add(new Case("format", "marker=boxed"));
    out.add(new Case("math-answer:0.9,format:0.1", ""));
    return out;
  }

  private final Case tested;

  RewardContractTest(Case tested) {
    this.tested = tested;
  }

  @Override
  protected RewardFn reward() {
    if (tested.name().contains(":")) {
      return WeightedReward.parse(tested.name(), name -> Registered.rewards().select(name)
          .create(Params.none("reward '" + name + "'")));
    }
    return Registered.rewards().select(tested.name())
        .create(Params.forComponent("reward", tested.name(), tested.params()));
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
    String key = tested.name().contains(":") ? reward().name() : tested.toString();
    return EXAMPLES.getOrDefault(key, List.of());
  }
}
