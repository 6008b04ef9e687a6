package dev.nestedreft.spi.learner;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/** Creates learners; registered in {@code META-INF/services/dev.nestedreft.spi.learner.LearnerBackendProvider}. */
public interface LearnerBackendProvider {
  String name();

  boolean isAvailable();

  /**
   * One line for listings ({@code nested-reft plugins}): what the learner runs on and how it trains.
   *
   * <p>Empty by default. A class that provides several services (a forward backend and a learner, say)
   * declares it once for all.
   */
  default String description() {
    return "";
  }

  /**
   * How strongly this provider is preferred when nothing names one ({@link dev.nestedreft.spi.Providers#best()}):
   * the highest rank among the available providers wins, ties go to the first name in sorted order. Built in:
   * {@code tf} 100. 0 by default.
   */
  default int rank() {
    return 0;
  }

  /**
   * A learner whose trainable and reference weights start as copies of {@code weights} (the caller keeps them).
   */
  LearnerBackend create(ModelSpec spec, WeightSet weights, LearnerConfig config, BackendOptions options);
}
