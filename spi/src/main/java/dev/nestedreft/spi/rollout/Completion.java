package dev.nestedreft.spi.rollout;

/**
 * One generated sequence, the row of a {@link RolloutBatch}.
 *
 * @param promptId the prompt's id
 * @param sampleIndex which of the prompt's samples, from 0
 * @param promptTokens the prompt
 * @param completionTokens the generated tokens (a stop token, when one ended the sequence, is included)
 * @param behaviorLogprobs per generated token, the log of the probability the sampler used to draw it
 * @param finishReason stop or length
 * @param layerPlan the decoder layers the behavior model ran
 * @param policyVersion the version of the weights that generated it
 */
public record Completion(
    long promptId,
    int sampleIndex,
    int[] promptTokens,
    int[] completionTokens,
    float[] behaviorLogprobs,
    FinishReason finishReason,
    int[] layerPlan,
    long policyVersion) {}
