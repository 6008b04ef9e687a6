package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;

/**
 * Creates {@link AdaptivePolicy} ({@code adaptive}); parameters {@code k} or {@code fraction} (exactly one),
 * {@code protect_ends} (default true) or {@code min_layer}/{@code max_layer} for the skippable range,
 * {@code signal} (default {@code kl}), {@code epsilon} (0.1), {@code forget} (0.95), {@code prior_mean} (0.1) or
 * {@code probe} (a layer probe file whose costs are the prior means), {@code prior_sd} (0.1) and {@code noise_sd}
 * (0.05). Why these defaults: docs/ALGORITHMS.md and {@link AdaptivePolicy}.
 */
public final class AdaptivePolicyFactory extends DeclaredBehaviorPolicyFactory {
  public AdaptivePolicyFactory() {
    super(ComponentSpec.of(AdaptivePolicy.NAME, "skips k (or round(fraction·L)) layers of [min_layer, max_layer], "
        + "learning each layer's cost from the steps' feedback: Thompson sampling on an additive Gaussian model "
        + "with forgetting, a uniform plan with probability epsilon", SkipCount.PARAMS, SkipRange.PARAMS,
        CostSignal.PARAM, AdaptivePolicy.EPSILON, AdaptivePolicy.FORGET, AdaptivePolicy.PRIOR_MEAN,
        ProbeCosts.param("layer probe JSON (nested-reft probe-layers --json) whose costs are the prior means; not "
            + "with prior_mean"),
        AdaptivePolicy.PRIOR_SD, AdaptivePolicy.NOISE_SD), AdaptivePolicy::new);
  }
}
