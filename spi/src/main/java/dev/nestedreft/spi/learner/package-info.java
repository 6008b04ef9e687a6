/**
 * The learner contract: trainable weights, the policy-gradient loss over a {@link
 * dev.nestedreft.spi.learner.TrainBatch}, AdamW with a learning-rate schedule, and optimiser state.
 */
package dev.nestedreft.spi.learner;
