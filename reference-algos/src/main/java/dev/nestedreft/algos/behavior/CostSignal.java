package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ChoiceParam;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.PlanFeedback;
import java.util.Locale;
import java.util.Map;

/**
 * What a learning policy calls the cost of skipping layers (parameter {@code signal}): lower is better, and a
 * layer probe's row and a step's feedback give it in the same units, so a probe can serve as the prior of what
 * training measures.
 *
 * <ul>
 *   <li>{@code kl}: KL(behavior ‖ target) in nats per token ({@link LayerCost#kl()},
 *       {@link PlanFeedback#klBehaviorTarget()}).
 *   <li>{@code ess}: {@code 1 − ESS}, the share of the batch the importance weights lose.
 *   <li>{@code reward}: the reward gap {@code r_ref − r_behavior}, where {@code r_ref} is the full model's reward
 *       ({@link dev.nestedreft.spi.algo.LayerCosts#full()}) when a probe gave one, else 1, the best score of the
 *       project's rewards.
 * </ul>
 */
enum CostSignal {
  KL, ESS, REWARD;

  /** The parameter that chooses one; {@code kl} by default. */
  static final ChoiceParam<CostSignal> PARAM = ChoiceParam.of("signal", "kl",
      Map.of("kl", KL, "ess", ESS, "reward", REWARD), "must be kl, ess or reward");

  /** The reward a skipped layer is compared with when no probe measured the full model's. */
  static final double DEFAULT_REWARD_REF = 1.0;

  /** The cost a probe measured for skipping {@code layer} alone, against the full model's row {@code full}. */
  double of(LayerCost layer, LayerCost full) {
    return switch (this) {
      case KL -> layer.kl();
      case ESS -> 1 - layer.ess();
      case REWARD -> full.reward() - layer.reward();
    };
  }

  /**
   * The cost a step's feedback reports for its plan; may be non-finite (a skipped update).
   *
   * @param rewardRef {@code r_ref} of {@code reward}
   */
  double of(PlanFeedback feedback, double rewardRef) {
    return switch (this) {
      case KL -> feedback.klBehaviorTarget();
      case ESS -> 1 - feedback.effectiveSampleSize();
      case REWARD -> rewardRef - feedback.behaviorReward();
    };
  }

  /** The spelling of the parameter: {@code kl}, {@code ess}, {@code reward}. */
  String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
