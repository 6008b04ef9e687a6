/**
 * Test inputs that the backends' tests and the api's cross-backend tests share: random learner batches and fixed
 * prompts, seeded so that every module's tests see the same data; a per-test allocator that fails on a leak; and the
 * bit-identity check of the weight formats' round trips. Published as spi's test-jar
 * ({@code <type>test-jar</type>}, test scope); it depends on spi alone, so a backend's tests stay free of the api
 * and of other backends.
 */
package dev.nestedreft.spi.testkit;
