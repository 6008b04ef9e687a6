/**
 * Generated tasks for RL with verifiable rewards: {@link dev.nestedreft.api.task.ArithTask} (arithmetic and
 * two-step word problems at three difficulty levels, with a train/test {@link dev.nestedreft.api.task.Split}
 * disjoint by construction) and {@link dev.nestedreft.api.task.CharTokenizer}, the character-level tokenizer
 * their text fits.
 */
package dev.nestedreft.api.task;
