package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.DeclaredPreset;
import dev.nestedreft.spi.algo.LossAggregation;

/**
 * {@code dapo}: DAPO (Yu et al., 2025), the loss part. Behavior {@code full}, correction {@code ppo-clip} with
 * {@code eps_low=0.2, eps_high=0.28} (clip-higher), advantage {@code grpo}, aggregation {@code token-mean}.
 */
public final class DapoPreset extends DeclaredPreset {
  public DapoPreset() {
    super("dapo",
        "DAPO (Yu et al., 2025), its loss: PPO's clipped surrogate with clip-higher (ppo-clip, eps_low=0.2, "
        + "eps_high=0.28), GRPO advantages, and the token-level loss (token-mean) so that long sequences are not "
        + "down-weighted; no KL penalty, no entropy bonus. Full-plan rollouts: the ratios, and so the clip, differ "
        + "from 1 only once the learner has moved away from the rollout policy. DAPO's dynamic sampling (dropping "
        + "groups whose rewards are all equal) and overlong reward shaping are not part of this preset.",
        Algorithm.builder().behavior("full", "")
            .correction("ppo-clip", "eps_low=0.2,eps_high=0.28")
            .advantage("grpo", "")
            .aggregation(LossAggregation.TOKEN_MEAN)
            .build());
  }
}
