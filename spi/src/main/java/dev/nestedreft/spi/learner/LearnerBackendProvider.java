package dev.nestedreft.spi.learner;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/** Creates learners; registered in {@code META-INF/services/dev.nestedreft.spi.learner.LearnerBackendProvider}. */
public interface LearnerBackendProvider {
  String name();

  boolean isAvailable();

  /**
   * A learner whose trainable and reference weights start as copies of {@code weights} (the caller keeps them).
   */
  LearnerBackend create(ModelSpec spec, WeightSet weights, LearnerConfig config, BackendOptions options);
}
