package dev.nestedreft.spi.algo;

/** Creates behavior policies by name; registered in {@code META-INF/services}. */
public interface BehaviorPolicyFactory {
  String name();

  String description();

  /**
   * @param seed the root of the policy's draws
   * @throws dev.nestedreft.spi.InvalidInputException for unknown or ill-typed parameters
   */
  BehaviorPolicy create(Params params, long seed);
}
