package dev.nestedreft.spi.algo;

/**
 * A complete recipe: which behavior policy, correction, advantage estimator and loss aggregation, and the
 * regularisers. Presets ({@link AlgorithmPreset}) name such recipes; a config can override any part.
 *
 * @param behavior behavior policy name, e.g. {@code random-skip}
 * @param behaviorParams its parameters
 * @param correction off-policy correction name, e.g. {@code is}
 * @param correctionParams its parameters
 * @param advantage advantage estimator name, e.g. {@code grpo}
 * @param advantageParams its parameters
 * @param aggregation loss aggregation
 * @param klCoefficient weight of the KL penalty to the frozen reference model (0 = none)
 * @param klEstimator the per-token KL estimator
 * @param entropyCoefficient weight of the entropy bonus (0 = none)
 */
public record Algorithm(
    String behavior,
    Params behaviorParams,
    String correction,
    Params correctionParams,
    String advantage,
    Params advantageParams,
    LossAggregation aggregation,
    double klCoefficient,
    KlEstimator klEstimator,
    double entropyCoefficient) {}
