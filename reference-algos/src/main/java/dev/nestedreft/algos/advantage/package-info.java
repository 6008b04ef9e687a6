/**
 * Advantage estimators: one advantage per sequence from the rewards of a batch, where sequences with the same
 * group id answer the same prompt. {@code grpo} (group-normalised), {@code dr-grpo} (group-centred), {@code rloo}
 * (leave-one-out baseline) and {@code batch-norm} (REINFORCE++'s batch normalisation). Each is a function of a
 * sequence's reward and its group's statistics ({@link dev.nestedreft.algos.advantage.GroupAdvantage}); all compute
 * in double precision and return floats.
 */
package dev.nestedreft.algos.advantage;
