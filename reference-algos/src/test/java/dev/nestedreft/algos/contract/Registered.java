package dev.nestedreft.algos.contract;

import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.RewardFnFactory;

/** Every factory {@link java.util.ServiceLoader} finds on the test class path, by kind, sorted by name. */
final class Registered {
  private static final ClassLoader LOADER = Registered.class.getClassLoader();

  private Registered() {}

  static Providers<OffPolicyCorrectionFactory> corrections() {
    return Providers.load(OffPolicyCorrectionFactory.class, LOADER, "correction", OffPolicyCorrectionFactory::name,
        f -> true);
  }

  static Providers<BehaviorPolicyFactory> behaviors() {
    return Providers.load(BehaviorPolicyFactory.class, LOADER, "behavior policy", BehaviorPolicyFactory::name,
        f -> true);
  }

  static Providers<AdvantageEstimatorFactory> advantages() {
    return Providers.load(AdvantageEstimatorFactory.class, LOADER, "advantage estimator",
        AdvantageEstimatorFactory::name, f -> true);
  }

  static Providers<RewardFnFactory> rewards() {
    return Providers.load(RewardFnFactory.class, LOADER, "reward", RewardFnFactory::name, f -> true);
  }
}
