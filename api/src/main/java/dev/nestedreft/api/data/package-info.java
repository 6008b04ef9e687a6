/**
 * Datasets from JSON Lines files as {@link dev.nestedreft.api.contract.Task}s.
 * {@link dev.nestedreft.api.data.JsonlLoader}
 * reads GSM8K, SVAMP, MATH or caller-mapped ({@link dev.nestedreft.api.data.FieldMapping}) rows into
 * {@link dev.nestedreft.api.contract.TaskProblem}s, extracting each reference answer; a bad row is reported with its
 * file and line and either stops the load or is skipped and counted ({@link dev.nestedreft.api.data.OnBadRow},
 * {@link dev.nestedreft.api.data.LoadReport}). {@link dev.nestedreft.api.data.JsonlTask} serves the problems to the
 * trainer: a seeded, reshuffled-per-epoch train stream and a fixed test set in file order. Prompts are kept as the
 * raw question text; formatting them is left to the caller.
 */
package dev.nestedreft.api.data;
