package dev.nestedreft.spi.algo;

/**
 * Creates corrections by name; registered in
 * {@code META-INF/services/dev.nestedreft.spi.algo.OffPolicyCorrectionFactory}. A jar on the class path adds its own.
 */
public interface OffPolicyCorrectionFactory {
  String name();

  /** One line for listings: what it computes and whether it is unbiased. */
  String description();

  /**
   * @throws dev.nestedreft.spi.InvalidInputException for unknown or ill-typed parameters
   */
  OffPolicyCorrection create(Params params);
}
