package dev.nestedreft.algos.contract;

import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.tck.algo.OffPolicyCorrectionContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tck's correction contract for every registered correction with its default parameters, and for the
 * parameter variants that change what the contract checks: Retrace's {@code λ} (its on-policy weight), the
 * sequence-level mask, a band whose edge is exactly 1, PPO's dual clip and DAPO's clip-higher, tighter caps.
 */
@ParameterizedClass(name = "{0}")
@ExtendWith(CaseName.class)
@MethodSource("cases")
class CorrectionContractTest extends OffPolicyCorrectionContract {
  /**
   * A correction to check.
   *
   * @param onPolicyWeight the documented weight at {@code ρ = 1} (docs/ALGORITHMS.md): 1, or {@code λ} for retrace
   */
  record Case(String name, String params, double onPolicyWeight) {
    @Override
    public String toString() {
      return params.isEmpty() ? name : name + " " + params;
    }
  }

  static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    Registered.corrections().all().keySet().forEach(name -> out.add(new Case(name, "", 1.0)));
    out.add(new Case("retrace", "lambda=0.5", 0.5));
    out.add(new Case("mask", "level=sequence", 1.0));
    out.add(new Case("mask", "lo=1,hi=2", 1.0));
    out.add(new Case("ppo-clip", "dual_clip=3", 1.0));
    out.add(new Case("ppo-clip", "eps_low=0.2,eps_high=0.28", 1.0));
    out.add(new Case("tis", "c=1", 1.0));
    out.add(new Case("seq-tis", "c=1.2", 1.0));
    out.add(new Case("geo-mean", "eps_low=0,eps_high=0", 1.0));
    return out;
  }

  private final Case tested;

  CorrectionContractTest(Case tested) {
    this.tested = tested;
  }

  @Override
  protected OffPolicyCorrection correction() {
    return Registered.corrections().select(tested.name())
        .create(Params.forComponent("correction", tested.name(), tested.params()));
  }

  @Override
  protected double onPolicyWeight() {
    return tested.onPolicyWeight();
  }
}
