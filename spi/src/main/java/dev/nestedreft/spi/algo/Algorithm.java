package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkState;

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
    double entropyCoefficient) {
  /** The KL estimator of a recipe that does not choose one: k3, unbiased and never negative. */
  public static final KlEstimator DEFAULT_KL_ESTIMATOR = KlEstimator.K3;

  /**
   * A builder with no KL penalty ({@link #DEFAULT_KL_ESTIMATOR} should one be set) and no entropy bonus; the three
   * components and the aggregation must be set.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link Algorithm}; each component's parameters are parsed from {@code name=value,...} text and owned
   * as {@code <kind> '<name>'} ({@link Params#forComponent}). Not thread-safe; {@link #build} may be called again.
   */
  public static final class Builder {
    private String behavior;
    private Params behaviorParams;
    private String correction;
    private Params correctionParams;
    private String advantage;
    private Params advantageParams;
    private LossAggregation aggregation;
    private double klCoefficient;
    private KlEstimator klEstimator = DEFAULT_KL_ESTIMATOR;
    private double entropyCoefficient;

    private Builder() {}

    /** The behavior policy {@code name} with parameters {@code params} ({@code ""} for none). */
    public Builder behavior(String name, String params) {
      behavior = name;
      behaviorParams = Params.forComponent("behavior", name, params);
      return this;
    }

    /** The off-policy correction {@code name} with parameters {@code params} ({@code ""} for none). */
    public Builder correction(String name, String params) {
      correction = name;
      correctionParams = Params.forComponent("correction", name, params);
      return this;
    }

    /** The advantage estimator {@code name} with parameters {@code params} ({@code ""} for none). */
    public Builder advantage(String name, String params) {
      advantage = name;
      advantageParams = Params.forComponent("advantage", name, params);
      return this;
    }

    public Builder aggregation(LossAggregation aggregation) {
      this.aggregation = aggregation;
      return this;
    }

    /** A KL penalty of weight {@code coefficient} to the frozen reference model, estimated by {@code estimator}. */
    public Builder kl(double coefficient, KlEstimator estimator) {
      klCoefficient = coefficient;
      klEstimator = estimator;
      return this;
    }

    /** An entropy bonus of weight {@code coefficient}. */
    public Builder entropy(double coefficient) {
      entropyCoefficient = coefficient;
      return this;
    }

    /** @throws IllegalStateException when a component, the aggregation or the KL estimator is not set */
    public Algorithm build() {
      checkState(behavior != null, "the behavior policy is not set");
      checkState(correction != null, "the correction is not set");
      checkState(advantage != null, "the advantage estimator is not set");
      checkState(aggregation != null, "the loss aggregation is not set");
      checkState(klEstimator != null, "the KL estimator is not set");
      return new Algorithm(behavior, behaviorParams, correction, correctionParams, advantage, advantageParams,
          aggregation, klCoefficient, klEstimator, entropyCoefficient);
    }
  }
}
