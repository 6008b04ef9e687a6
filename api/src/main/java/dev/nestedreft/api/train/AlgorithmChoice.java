package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.Params;

/**
 * A config's algorithm, resolved against what is installed: the preset's behavior policy (with the config's
 * {@code skip_fraction} when it overrides random-skip's), the correction (the config's override, else the
 * preset's), the advantage estimator, and the learner's step settings.
 *
 * @param behavior draws each step's layer plan
 * @param correction sent to the learner once, when it is created
 * @param advantages the advantage estimator
 * @param settings how the learner forms the loss
 */
public record AlgorithmChoice(BehaviorPolicy behavior, Component correction, AdvantageEstimator advantages,
    PolicyGradientStep.Settings settings) {
  /** The random-skip policy, whose fraction {@code skip_fraction} overrides. */
  static final String RANDOM_SKIP = "random-skip";

  /**
   * Resolves {@code config}'s algorithm. The correction is only named here: the learner creates it; check the
   * config with {@link ConfigCheck} first to have a bad correction refused before any work.
   *
   * @throws dev.nestedreft.spi.InvalidInputException naming what is unknown or ill-formed
   */
  public static AlgorithmChoice resolve(TrainConfig config, Algorithms algorithms) {
    Algorithm algorithm = algorithms.preset(config.algorithm()).algorithm();
    BehaviorPolicy behavior = algorithms.behavior(algorithm.behavior(),
        behaviorParams(algorithm, config.skipFraction()), config.seed());
    Component correction = correction(config.correction(), algorithm); // created by the learner, once
    AdvantageEstimator advantages = algorithms.advantage(algorithm.advantage(), algorithm.advantageParams());
    PolicyGradientStep.Settings settings = new PolicyGradientStep.Settings(config.temperature(),
        algorithm.aggregation(), config.maxNewTokens(), algorithm.klCoefficient(), algorithm.klEstimator(),
        algorithm.entropyCoefficient(), config.updatesPerBatch());
    return new AlgorithmChoice(behavior, correction, advantages, settings);
  }

  /** The behavior's parameters: the preset's, or {@code fraction=skipFraction} for random-skip when given. */
  static Params behaviorParams(Algorithm algorithm, Double skipFraction) {
    if (skipFraction != null && algorithm.behavior().equals(RANDOM_SKIP)) {
      return Params.forComponent("behavior", RANDOM_SKIP, "fraction=" + skipFraction);
    }
    return algorithm.behaviorParams();
  }

  /** The config's {@code correction} override ({@code name[:params]}), else the preset's. */
  static Component correction(String override, Algorithm algorithm) {
    if (override != null) {
      return Component.parse("correction", override);
    }
    return new Component("correction", algorithm.correction(), algorithm.correctionParams().values());
  }
}
