package dev.nestedreft.api.learn;

import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardFnFactory;

/**
 * Every algorithm component on a class path, by name: corrections, behavior policies, rewards, advantage
 * estimators and presets. A jar that registers its own factories in {@code META-INF/services} adds to these.
 */
public final class Algorithms {
  private final Providers<OffPolicyCorrectionFactory> corrections;
  private final Providers<BehaviorPolicyFactory> behaviors;
  private final Providers<RewardFnFactory> rewards;
  private final Providers<AdvantageEstimatorFactory> advantages;
  private final Providers<AlgorithmPreset> presets;

  private Algorithms(ClassLoader loader) {
    corrections = Providers.load(OffPolicyCorrectionFactory.class, loader, "correction",
        OffPolicyCorrectionFactory::name, f -> true);
    behaviors = Providers.load(BehaviorPolicyFactory.class, loader, "behavior policy", BehaviorPolicyFactory::name,
        f -> true);
    rewards = Providers.load(RewardFnFactory.class, loader, "reward", RewardFnFactory::name, f -> true);
    advantages = Providers.load(AdvantageEstimatorFactory.class, loader, "advantage estimator",
        AdvantageEstimatorFactory::name, f -> true);
    presets = Providers.load(AlgorithmPreset.class, loader, "algorithm preset", AlgorithmPreset::name, f -> true);
  }

  public static Algorithms discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return new Algorithms(loader != null ? loader : Algorithms.class.getClassLoader());
  }

  /**
   * Everything visible from {@code loader}, such as a plug-in set's class loader.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when two providers of one kind share a name, or a provider
   *     listed in a {@code META-INF/services} file fails to load
   */
  public static Algorithms discover(ClassLoader loader) {
    return new Algorithms(loader);
  }

  public OffPolicyCorrection correction(String name, Params params) {
    return corrections.select(name).create(params);
  }

  public OffPolicyCorrection correction(String name) {
    return correction(name, Params.none("correction '" + name + "'"));
  }

  public BehaviorPolicy behavior(String name, Params params, long seed) {
    return behaviors.select(name).create(params, seed);
  }

  public RewardFn reward(String name, Params params) {
    return rewards.select(name).create(params);
  }

  public AdvantageEstimator advantage(String name, Params params) {
    return advantages.select(name).create(params);
  }

  public AlgorithmPreset preset(String name) {
    return presets.select(name);
  }

  public Providers<OffPolicyCorrectionFactory> corrections() {
    return corrections;
  }

  public Providers<BehaviorPolicyFactory> behaviors() {
    return behaviors;
  }

  public Providers<RewardFnFactory> rewards() {
    return rewards;
  }

  public Providers<AdvantageEstimatorFactory> advantages() {
    return advantages;
  }

  public Providers<AlgorithmPreset> presets() {
    return presets;
  }
}
