package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.learn.PolicyGradientStep;
import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.Params;

/**
 * A config's algorithm, resolved against what is installed: the behavior policy (the config's {@code behavior},
 * else the preset's with the config's {@code skip_fraction} when it overrides random-skip's), the correction (the
 * config's, else the preset's), the advantage estimator (the config's, else the preset's), and the learner's step
 * settings.
 *
 * @param behavior draws each step's layer plan
 * @param correction sent to the learner once, when it is created
 * @param advantage the advantage estimator's name and parameters
 * @param advantages the advantage estimator
 * @param settings how the learner forms the loss
 */
public record AlgorithmChoice(BehaviorPolicy behavior, Component correction, Component advantage,
    AdvantageEstimator advantages, PolicyGradientStep.Settings settings) {
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
    Component behavior = behavior(config.behavior(), config.skipFraction(), algorithm);
    Component advantage = advantage(config.advantage(), algorithm);
    PolicyGradientStep.Settings settings = new PolicyGradientStep.Settings(config.temperature(),
        algorithm.aggregation(), config.maxNewTokens(), algorithm.klCoefficient(), algorithm.klEstimator(),
        algorithm.entropyCoefficient(), config.updatesPerBatch());
    return new AlgorithmChoice(algorithms.behavior(behavior.name(), behavior.toParams(), config.seed()),
        correction(config.correction(), algorithm), advantage,
        algorithms.advantage(advantage.name(), advantage.toParams()), settings);
  }

  /** The advantage estimator's registered name. */
  public String advantageName() {
    return advantage.name();
  }

  /**
   * The behavior policy: {@code override} ({@code name[:params]}) when given; else the preset's, with
   * {@code fraction=skipFraction} when the preset's is random-skip and a fraction is given.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when {@code override} is ill-formed
   */
  public static Component behavior(String override, Double skipFraction, Algorithm algorithm) {
    if (override != null) {
      return Component.parse("behavior", override);
    }
    Params params = skipFraction != null && algorithm.behavior().equals(RANDOM_SKIP)
        ? Params.forComponent("behavior", RANDOM_SKIP, "fraction=" + skipFraction) : algorithm.behaviorParams();
    return new Component("behavior", algorithm.behavior(), params.values());
  }

  /** The config's {@code correction} override ({@code name[:params]}), else the preset's. */
  static Component correction(String override, Algorithm algorithm) {
    if (override != null) {
      return Component.parse("correction", override);
    }
    return new Component("correction", algorithm.correction(), algorithm.correctionParams().values());
  }

  /** The config's {@code advantage} override ({@code name[:params]}), else the preset's. */
  static Component advantage(String override, Algorithm algorithm) {
    if (override != null) {
      return Component.parse("advantage", override);
    }
    return new Component("advantage", algorithm.advantage(), algorithm.advantageParams().values());
  }
}
