package dev.nestedreft.spi.algo;

/** Creates advantage estimators by name; registered in {@code META-INF/services}. */
public interface AdvantageEstimatorFactory {
  String name();

  String description();

  AdvantageEstimator create(Params params);
}
