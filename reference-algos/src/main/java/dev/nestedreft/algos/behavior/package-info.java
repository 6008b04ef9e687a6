/**
 * Behavior policies: which of the target model's decoder layers the rollouts of each step run. {@code full} is
 * standard ReFT; {@code random-skip} is Nested-ReFT's fresh random nested plan per step; {@code fixed},
 * {@code early-exit} and {@code block} are fixed or structured nested plans for ablations.
 *
 * <p>Every random draw comes from {@link dev.nestedreft.algos.behavior.StepRandom}, a function of the policy's
 * seed and the step only, so a resumed run draws the same plans.
 */
package dev.nestedreft.algos.behavior;
