package dev.nestedreft.spi.learner;

/**
 * What one optimiser update did.
 *
 * @param loss the batch loss before the update
 * @param gradNorm the global gradient norm before clipping
 * @param learningRate the learning rate used
 * @param optimizerStep the optimiser step count after the update
 * @param entropy mean next-token entropy over completion tokens
 * @param kl mean KL estimate to the reference over completion tokens (0 without a KL penalty)
 * @param tokens tokens processed forward and backward (prompts included)
 * @param nanos wall time of the update
 * @param skipped true when the loss or the gradient was not finite, or when the update would have made a weight or
 *     an optimiser moment non-finite (a learning rate far too high): nothing was applied, and the optimiser step
 *     count did not advance
 */
public record UpdateResult(double loss, double gradNorm, double learningRate, long optimizerStep, double entropy,
    double kl, long tokens, long nanos, boolean skipped) {}
