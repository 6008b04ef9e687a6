/**
 * What the contracts and the built-in modules' own tests share: a per-test allocator that fails the test on a leak
 * ({@link dev.nestedreft.tck.support.ArrowLeakCheck}), seeded learner batches and fixed prompts, so that every
 * module's tests see the same data ({@link dev.nestedreft.tck.support.TrainInputs},
 * {@link dev.nestedreft.tck.support.RolloutInputs}), the bit-identity check of the weight formats' round trips
 * ({@link dev.nestedreft.tck.support.WeightChecks}), and seeded hostile text for reward functions
 * ({@link dev.nestedreft.tck.support.NastyText}). It depends on spi alone, so a backend's tests stay free of the
 * api and of other backends. (Until the tck existed this was spi's test-jar, {@code dev.nestedreft.spi.testkit}.)
 */
package dev.nestedreft.tck.support;
