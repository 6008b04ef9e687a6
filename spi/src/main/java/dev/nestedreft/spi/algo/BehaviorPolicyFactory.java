package dev.nestedreft.spi.algo;

import java.util.List;

/** Creates behavior policies by name; registered in {@code META-INF/services}. */
public interface BehaviorPolicyFactory {
  String name();

  String description();

  /**
   * The parameters it accepts, with their defaults, for listings ({@code nested-reft plugins}); none by default.
   * The {@code Declared*} factories return their {@link ComponentSpec}'s.
   */
  default List<ParamInfo> parameters() {
    return List.of();
  }

  /**
   * @param seed the root of the policy's draws
   * @throws dev.nestedreft.spi.InvalidInputException for unknown or ill-typed parameters
   */
  BehaviorPolicy create(Params params, long seed);
}
