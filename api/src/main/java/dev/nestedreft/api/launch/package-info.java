/**
 * Ready-made environments for a {@link dev.nestedreft.api.train.TrainingRun}: the top of {@code api}, the one
 * package that names the task, the tokenizer and the placement (Ray actors) that the command line uses by default.
 */
package dev.nestedreft.api.launch;
