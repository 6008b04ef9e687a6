package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.ComponentSpec;
import dev.nestedreft.spi.algo.DeclaredBehaviorPolicyFactory;

/**
 * Creates {@link ProbedPolicy} ({@code probed}); parameters {@code k} or {@code fraction} (exactly one),
 * {@code protect_ends} (default true) or {@code min_layer}/{@code max_layer} for the skippable range, {@code probe}
 * (a layer probe file; the trainer probes the starting model when absent), {@code signal} (default {@code kl}) and
 * {@code temperature} (default 0.5).
 */
public final class ProbedPolicyFactory extends DeclaredBehaviorPolicyFactory {
  public ProbedPolicyFactory() {
    super(ComponentSpec.of(ProbedPolicy.NAME, "skips k (or round(fraction·L)) layers of [min_layer, max_layer] "
        + "drawn among those a layer probe found cheapest: without replacement, weights exp(-(c-c_min)/(τ·s)); "
        + "seeded per (seed, step)", SkipCount.PARAMS, SkipRange.PARAMS,
        ProbeCosts.param("layer probe JSON (nested-reft probe-layers --json); when absent the trainer probes the "
            + "starting model"),
        CostSignal.PARAM, ProbedPolicy.TEMPERATURE), ProbedPolicy::new);
  }
}
