package dev.nestedreft.algos.contract;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.tck.algo.BehaviorPolicyContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tck's behavior-policy contract for every registered policy, with the parameters it needs (a policy that
 * skips layers must be told how many), and for the variants that change which layers may be drawn or how a learning
 * policy learns: unprotected ends, an explicit range, a fixed block start, an early exit by fraction, the other cost
 * signals, a sharp temperature, no forgetting, no or much exploration. The draws run on models of 4, 8 and 24
 * layers.
 */
@ParameterizedClass(name = "{0}")
@ExtendWith(CaseName.class)
@MethodSource("cases")
class BehaviorPolicyContractTest extends BehaviorPolicyContract {
  /** The parameters a registered policy is checked with when it has required ones; the others get none. */
  private static final Map<String, String> REQUIRED = Map.of("random-skip", "fraction=0.25", "fixed", "skip=1;2",
      "early-exit", "k=1", "block", "k=2", "probed", "fraction=0.25", "adaptive", "fraction=0.25");

  /** A policy to check. */
  record Case(String name, String params) {
    @Override
    public String toString() {
      return params.isEmpty() ? name : name + " " + params;
    }
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    Registered.behaviors().all().keySet().forEach(name -> out.add(new Case(name, REQUIRED.getOrDefault(name, ""))));
    out.add(new Case("random-skip", "k=2,protect_ends=false"));
    out.add(new Case("random-skip", "k=1,min_layer=1,max_layer=2"));
    out.add(new Case("block", "k=2,start=1"));
    out.add(new Case("block", "fraction=0.25,protect_ends=false"));
    out.add(new Case("early-exit", "fraction=0.25"));
    out.add(new Case("probed", "k=2,protect_ends=false,signal=reward,temperature=0.05"));
    out.add(new Case("probed", "k=1,min_layer=1,max_layer=2,signal=ess"));
    out.add(new Case("adaptive", "k=2,protect_ends=false,signal=ess,epsilon=0.5"));
    out.add(new Case("adaptive", "k=1,min_layer=1,max_layer=2,signal=reward,forget=1,epsilon=0"));
    return out;
  }

  private final Case tested;

  BehaviorPolicyContractTest(Case tested) {
    this.tested = tested;
  }

  @Override
  protected BehaviorPolicy policy(long seed) {
    return Registered.behaviors().select(tested.name())
        .create(Params.forComponent("behavior", tested.name(), tested.params()), seed);
  }
}
