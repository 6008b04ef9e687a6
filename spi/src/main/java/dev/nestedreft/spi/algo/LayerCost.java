package dev.nestedreft.spi.algo;

/**
 * What skipping one decoder layer alone costs the behavior model, measured on the behavior's own samples by a
 * layer probe ({@code nested-reft probe-layers}).
 *
 * @param layer the layer skipped
 * @param kl per-token KL(behavior ‖ target) in nats: the mean over the samples' tokens of {@code ρ − 1 − log ρ}
 *     ({@code ρ = π_target / π_behavior}, the "k3" estimator), the same estimate as the {@code kl_behavior_target}
 *     metric, so a probe and a training run compare
 * @param k1 the plain estimate of the same KL, the mean of {@code −log ρ}: unbiased but noisier, and negative on
 *     some samples
 * @param ess effective sample size of the sequence ratios, a fraction of the samples
 * @param reward mean reward of the behavior's samples
 * @param tokensPerSecond the behavior's rollout throughput
 */
public record LayerCost(int layer, double kl, double k1, double ess, double reward, double tokensPerSecond) {}
