/**
 * Behavior policies: which of the target model's decoder layers the rollouts of each step run. {@code full} is
 * standard ReFT; {@code random-skip} is Nested-ReFT's fresh random nested plan per step; {@code fixed},
 * {@code early-exit} and {@code block} are fixed or structured nested plans for ablations; {@code probed} and
 * {@code adaptive} draw the layers that cost the behavior least, from a layer probe or learned from each step's
 * feedback.
 *
 * <p>Every random draw comes from {@link dev.nestedreft.algos.behavior.StepRandom}, a function of the policy's
 * seed and the step only; the learning policies add what they were told before the step, keep it in a state that
 * round-trips exactly through {@code saveState}/{@code restoreState}, and never change it while drawing, so a
 * resumed run draws the same plans. A policy says only which plan a step runs
 * ({@link dev.nestedreft.algos.behavior.SeededPolicy}); those that skip {@code k} layers of a range share the
 * parsing and checks of {@code k}/{@code fraction} and {@code protect_ends}/{@code min_layer}/{@code max_layer}
 * ({@link dev.nestedreft.algos.behavior.SkipRangePolicy}) and the choice of the layers
 * ({@link dev.nestedreft.algos.behavior.SkipSets}).
 */
package dev.nestedreft.algos.behavior;
