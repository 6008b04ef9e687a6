package dev.nestedreft.spi.algo;

import java.util.List;

/** Creates advantage estimators by name; registered in {@code META-INF/services}. */
public interface AdvantageEstimatorFactory {
  String name();

  String description();

  /**
   * The parameters it accepts, with their defaults, for listings ({@code nested-reft plugins}); none by default.
   * The {@code Declared*} factories return their {@link ComponentSpec}'s.
   */
  default List<ParamInfo> parameters() {
    return List.of();
  }

  AdvantageEstimator create(Params params);
}
