/**
 * Behavior policies: which of the target model's decoder layers the rollouts of each step run. {@code full} is
 * standard ReFT; {@code random-skip} is Nested-ReFT's fresh random nested plan per step; {@code fixed},
 * {@code early-exit} and {@code block} are fixed or structured nested plans for ablations.
 *
 * <p>Every random draw comes from {@link dev.nestedreft.algos.behavior.StepRandom}, a function of the policy's
 * seed and the step only, so a resumed run draws the same plans. A policy says only which plan a step runs
 * ({@link dev.nestedreft.algos.behavior.SeededPolicy}); those that skip {@code k} layers of a range share the
 * parsing and checks of {@code k}/{@code fraction} and {@code protect_ends}/{@code min_layer}/{@code max_layer}
 * ({@link dev.nestedreft.algos.behavior.SkipRangePolicy}).
 */
package dev.nestedreft.algos.behavior;
