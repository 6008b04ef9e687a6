/**
 * Contracts of the algorithm components: {@link dev.nestedreft.tck.algo.OffPolicyCorrectionContract},
 * {@link dev.nestedreft.tck.algo.RewardFnContract}, {@link dev.nestedreft.tck.algo.BehaviorPolicyContract} and
 * {@link dev.nestedreft.tck.algo.AdvantageEstimatorContract}. Each is an abstract JUnit 5 class: a test class extends
 * it, returns the implementation under test from its one abstract factory method, and overrides an expectation
 * method only where its documentation says something else (an on-policy weight of {@code λ}, a batch-wide
 * baseline). Pure Java: no allocator, no native code.
 */
package dev.nestedreft.tck.algo;
