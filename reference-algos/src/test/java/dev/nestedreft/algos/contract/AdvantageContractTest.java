package dev.nestedreft.algos.contract;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.tck.algo.AdvantageEstimatorContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tck's advantage contract for every registered estimator with its default parameters, and GRPO with a large
 * epsilon: each per group, except {@code batch-norm}, whose baseline is the whole batch (docs/ALGORITHMS.md).
 */
@ParameterizedClass(name = "{0}")
@ExtendWith(CaseName.class)
@MethodSource("cases")
class AdvantageContractTest extends AdvantageEstimatorContract {
  /** The estimators whose baseline is not the group's. */
  private static final Map<String, Baseline> BASELINES = Map.of("batch-norm", Baseline.BATCH);

  /** An estimator to check. */
  record Case(String name, String params) {
    @Override
    public String toString() {
      return params.isEmpty() ? name : name + " " + params;
    }
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    Registered.advantages().all().keySet().forEach(name -> out.add(new Case(name, "")));
    out.add(new Case("grpo", "eps=0.1"));
    out.add(new Case("batch-norm", "eps=0.1"));
    return out;
  }

  private final Case tested;

  AdvantageContractTest(Case tested) {
    this.tested = tested;
  }

  @Override
  protected AdvantageEstimator estimator() {
    return Registered.advantages().select(tested.name())
        .create(Params.forComponent("advantage", tested.name(), tested.params()));
  }

  @Override
  protected Baseline baseline() {
    return BASELINES.getOrDefault(tested.name(), Baseline.GROUP);
  }
}
