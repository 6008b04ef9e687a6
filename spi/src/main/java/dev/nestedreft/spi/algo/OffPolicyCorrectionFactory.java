package dev.nestedreft.spi.algo;

import java.util.List;

/**
 * Creates corrections by name; registered in
 * {@code META-INF/services/dev.nestedreft.spi.algo.OffPolicyCorrectionFactory}. A jar on the class path adds its own.
 */
public interface OffPolicyCorrectionFactory {
  String name();

  /** One line for listings: what it computes and whether it is unbiased. */
  String description();

  /**
   * The parameters it accepts, with their defaults, for listings ({@code nested-reft plugins}); none by default.
   * The {@code Declared*} factories return their {@link ComponentSpec}'s.
   */
  default List<ParamInfo> parameters() {
    return List.of();
  }

  /**
   * @throws dev.nestedreft.spi.InvalidInputException for unknown or ill-typed parameters
   */
  OffPolicyCorrection create(Params params);
}
